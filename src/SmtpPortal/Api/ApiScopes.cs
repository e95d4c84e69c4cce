namespace SmtpPortal.Api;

/// <summary>What an API token may do. Each scope is granted on its own: read-secret does not
/// imply read, so a token can be made for exactly one job.</summary>
[Flags]
public enum ApiScopes
{
    None = 0,

    /// <summary>Read the settings (without the password), the presets and exports with a placeholder.</summary>
    Read = 1,

    /// <summary>Include the SMTP password where reading asks for it.</summary>
    ReadSecret = 2,

    /// <summary>Change the settings.</summary>
    Write = 4,

    /// <summary>Send a test email.</summary>
    Test = 8,

    /// <summary>Manage the relay: switch it, create and revoke app logins, retry and delete queued mail.</summary>
    Relay = 16,

    /// <summary>Manage alert channels: add and remove them, send a test alert.</summary>
    Alerts = 32,
}

public static class ApiScopeNames
{
    public const string ClaimType = "scope";

    /// <summary>Each scope's name (as tokens and the API spell it) and what it allows, in the UI
    /// language (Resources/Api/ApiScopeNames.resx, keyed by the name).</summary>
    public static IReadOnlyList<(ApiScopes Scope, string Name, string Description)> All =>
        [.. Scopes.Select(s => (s.Scope, s.Name, (string)Text[s.Name]))];

    private static readonly (ApiScopes Scope, string Name)[] Scopes =
        [(ApiScopes.Read, "read"), (ApiScopes.ReadSecret, "read-secret"), (ApiScopes.Write, "write"), (ApiScopes.Test, "test"),
         (ApiScopes.Relay, "relay"), (ApiScopes.Alerts, "alerts")];

    private static readonly Microsoft.Extensions.Localization.IStringLocalizer Text =
        Localization.StaticLocalizer.For(typeof(ApiScopeNames));

    public static string Name(ApiScopes scope) => Scopes.Single(s => s.Scope == scope).Name;

    public static IEnumerable<string> Names(ApiScopes scopes) =>
        Scopes.Where(s => scopes.HasFlag(s.Scope)).Select(s => s.Name);
}
