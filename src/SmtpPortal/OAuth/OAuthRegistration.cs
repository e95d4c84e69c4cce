using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;
using SmtpPortal.Localization;
using SmtpPortal.Providers;

namespace SmtpPortal.OAuth;

/// <summary>The app the admin registered with the provider (client id, optional secret, tenant),
/// together with the preset's endpoints, the tenant filled in.</summary>
public sealed partial record OAuthRegistration(string PresetId, PresetOAuth Endpoints, string ClientId, string? ClientSecret, string? Tenant)
{
    public string AuthorizationEndpoint => WithTenant(Endpoints.AuthorizationEndpoint);
    public string TokenEndpoint => WithTenant(Endpoints.TokenEndpoint);
    public string? DeviceAuthorizationEndpoint =>
        Endpoints.DeviceAuthorizationEndpoint is { } device ? WithTenant(device) : null;
    public string Scope => string.Join(' ', Endpoints.Scopes);

    /// <summary>Never shows the client secret.</summary>
    public override string ToString() => $"{Endpoints.Provider} app {ClientId} (tenant {Tenant ?? "-"})";

    private string WithTenant(string endpoint) =>
        endpoint.Replace(PresetOAuth.TenantPlaceholder, Uri.EscapeDataString(Tenant ?? ""), StringComparison.Ordinal);

    private static readonly IStringLocalizer L = StaticLocalizer.For(typeof(OAuthRegistration));

    /// <summary>Checks what the admin typed; returns the message to show next to the field, in the UI language.</summary>
    public static Dictionary<string, string> Check(PresetOAuth endpoints, string? clientId, string? clientSecret, string? tenant, bool needsSecret)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(clientId))
            errors[nameof(ClientId)] = L["EnterClientId"];
        else if (!ClientIdPattern().IsMatch(clientId.Trim()))
            errors[nameof(ClientId)] = L["ClientIdCharacters"];
        if ((needsSecret || endpoints.ClientSecretRequired) && string.IsNullOrWhiteSpace(clientSecret))
            errors[nameof(ClientSecret)] = L["EnterClientSecret"];
        else if (clientSecret is not null && clientSecret.AsSpan().IndexOfAny('\r', '\n') >= 0)
            errors[nameof(ClientSecret)] = L["ClientSecretLineBreak"];
        if (endpoints.HasTenant && (string.IsNullOrWhiteSpace(tenant) || !TenantPattern().IsMatch(tenant.Trim())))
            errors[nameof(Tenant)] = L["EnterTenant"];
        return errors;
    }

    [GeneratedRegex(@"^[A-Za-z0-9._-]{1,200}$")]
    private static partial Regex ClientIdPattern();

    [GeneratedRegex(@"^[A-Za-z0-9.-]{1,100}$")]
    private static partial Regex TenantPattern();
}
