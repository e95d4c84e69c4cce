using SmtpPortal.Providers;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;

namespace SmtpPortal.OAuth;

/// <summary>The connection a send uses: XOAUTH2 with a current access token when the admin
/// signed in with the saved preset's provider, the stored password otherwise. The token only
/// ever goes to that provider's own hosts and to the account it was issued for.</summary>
public sealed class OAuthSmtpConnections(
    SmtpSettingsStore store, OAuthGrantStore grants, OAuthAccessTokens tokens, ProviderCatalog catalog)
{
    public async Task<(SmtpSettings? Settings, SmtpConnection? Connection, SendOutcome? Problem)> GetConnectionAsync(
        CancellationToken ct = default)
    {
        var settings = await store.GetAsync(ct);
        var endpoints = settings is null ? null : catalog.Find(settings.PresetId)?.OAuth;
        // Only a preset with an OAuth sign-in can use a grant: a password send skips the lookup.
        var grant = endpoints is null ? null : await grants.GetAsync(ct);
        if (settings is null || grant is null || endpoints is null || grant.PresetId != settings.PresetId)
            return store.ConnectionFor(settings);

        var preset = catalog.FindOrCustom(settings.PresetId);
        if (!string.Equals(settings.Username, grant.Account, StringComparison.OrdinalIgnoreCase))
            return Refuse(settings, $"The {endpoints.Provider} sign-in is for {grant.Account}, but the settings log in as " +
                $"{settings.Username ?? "nobody"}. Sign in again as that account, or change the username back.");
        if (!preset.Hosts.Any(h => string.Equals(h.Host, settings.Host, StringComparison.OrdinalIgnoreCase)))
            return Refuse(settings, $"The {endpoints.Provider} sign-in is only used with {preset.Name}'s own servers " +
                $"({string.Join(", ", preset.Hosts.Select(h => h.Host))}), not {settings.Host}. Change the host back, or sign out and use a password.");

        var (accessToken, problem) = await tokens.GetAsync(grant, endpoints, ct);
        if (problem is not null)
            return (settings, null, problem.ToOutcome());
        return (settings, new SmtpConnection(settings.Host, settings.Port, settings.Security, settings.Username, null,
            settings.TrustedCertificateSha256) { AccessToken = accessToken }, null);
    }

    private static (SmtpSettings, SmtpConnection?, SendOutcome) Refuse(SmtpSettings settings, string why) =>
        (settings, null, OAuthProblem.SignInRequired(why).ToOutcome());

    /// <summary>A refused XOAUTH2 login needs other advice than a refused password.</summary>
    public static SendOutcome Explain(SendOutcome outcome, SmtpConnection? connection) =>
        connection?.AccessToken is not null && outcome.Category is SmtpFailureCategory.AuthenticationFailed
            ? outcome with
            {
                Category = SmtpFailureCategory.OAuthSignInRequired,
                Summary = $"The server refused the OAuth2 sign-in for {connection.Username}. Check that you signed in as this mailbox " +
                    "and that SMTP sending is allowed for it (work accounts: SMTP AUTH enabled), then sign in again.",
            }
            : outcome;
}
