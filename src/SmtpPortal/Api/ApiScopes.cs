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
}

public static class ApiScopeNames
{
    public const string ClaimType = "scope";

    public static IReadOnlyList<(ApiScopes Scope, string Name, string Description)> All { get; } =
    [
        (ApiScopes.Read, "read", "Read the settings, presets and exports (password as a placeholder)"),
        (ApiScopes.ReadSecret, "read-secret", "Also read the SMTP password (with read)"),
        (ApiScopes.Write, "write", "Change the settings"),
        (ApiScopes.Test, "test", "Send a test email"),
        (ApiScopes.Relay, "relay", "Manage the relay: switch it, app logins, retry and delete queued mail"),
    ];

    public static string Name(ApiScopes scope) => All.Single(s => s.Scope == scope).Name;

    public static IEnumerable<string> Names(ApiScopes scopes) =>
        All.Where(s => scopes.HasFlag(s.Scope)).Select(s => s.Name);
}
