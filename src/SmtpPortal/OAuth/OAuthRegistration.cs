using System.Text.RegularExpressions;
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

    /// <summary>Checks what the admin typed; returns the message to show next to the field.</summary>
    public static Dictionary<string, string> Check(PresetOAuth endpoints, string? clientId, string? clientSecret, string? tenant, bool needsSecret)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(clientId))
            errors[nameof(ClientId)] = "Enter the client (application) id of the app you registered.";
        else if (!ClientIdPattern().IsMatch(clientId.Trim()))
            errors[nameof(ClientId)] = "A client id has only letters, digits, dots, hyphens and underscores.";
        if ((needsSecret || endpoints.ClientSecretRequired) && string.IsNullOrWhiteSpace(clientSecret))
            errors[nameof(ClientSecret)] = "Enter the client secret of the app you registered.";
        else if (clientSecret is not null && clientSecret.AsSpan().IndexOfAny('\r', '\n') >= 0)
            errors[nameof(ClientSecret)] = "Remove the line break from the client secret.";
        if (endpoints.HasTenant && (string.IsNullOrWhiteSpace(tenant) || !TenantPattern().IsMatch(tenant.Trim())))
            errors[nameof(Tenant)] = "Enter consumers, organizations, common, a tenant id or a domain such as contoso.onmicrosoft.com.";
        return errors;
    }

    [GeneratedRegex(@"^[A-Za-z0-9._-]{1,200}$")]
    private static partial Regex ClientIdPattern();

    [GeneratedRegex(@"^[A-Za-z0-9.-]{1,100}$")]
    private static partial Regex TenantPattern();
}
