namespace SmtpPortal.Providers;

/// <summary>Where a provider's OAuth2 sign-in happens, for presets whose SMTP server accepts
/// XOAUTH2. Endpoints are data so that tests (and sovereign clouds) can point them elsewhere;
/// <c>{tenant}</c> in an endpoint is replaced by the tenant the admin chose.</summary>
public sealed record PresetOAuth
{
    public const string TenantPlaceholder = "{tenant}";

    /// <summary>Whose sign-in this is, for the button: "Sign in with Microsoft".</summary>
    public required string Provider { get; init; }
    public required string AuthorizationEndpoint { get; init; }
    public required string TokenEndpoint { get; init; }

    /// <summary>The device-code endpoint; absent where the provider does not allow the device
    /// flow for mail scopes (Google).</summary>
    public string? DeviceAuthorizationEndpoint { get; init; }
    public IReadOnlyList<string> Scopes { get; init; } = [];

    /// <summary>The tenant filled in first: "consumers" for personal Microsoft accounts,
    /// "organizations" for work accounts. Null when the endpoints have no tenant.</summary>
    public string? DefaultTenant { get; init; }

    /// <summary>Google's token endpoint insists on a client secret even for installed apps;
    /// Microsoft's public clients (device code) have none.</summary>
    public bool ClientSecretRequired { get; init; }

    /// <summary>Extra query parameters of the authorization request, e.g. Google's
    /// access_type=offline that makes it issue a refresh token.</summary>
    public IReadOnlyDictionary<string, string> AuthorizeParameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Where the admin registers the app (client id, redirect URI, secret).</summary>
    public string? RegistrationUrl { get; init; }

    public bool HasTenant => AuthorizationEndpoint.Contains(TenantPlaceholder, StringComparison.Ordinal)
        || TokenEndpoint.Contains(TenantPlaceholder, StringComparison.Ordinal);

    public bool SupportsDeviceCode => DeviceAuthorizationEndpoint is not null;
}
