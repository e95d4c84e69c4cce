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
            return Refuse(settings, OAuthProblem.Text("OtherAccount", endpoints.Provider, grant.Account, settings.Username ?? OAuthProblem.Text("Nobody")));
        if (!preset.Hosts.Any(h => string.Equals(h.Host, settings.Host, StringComparison.OrdinalIgnoreCase)))
            return Refuse(settings, OAuthProblem.Text("OtherHost", endpoints.Provider, preset.Name, string.Join(", ", preset.Hosts.Select(h => h.Host)), settings.Host));

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
                Summary = OAuthProblem.Text("XOAuthRefused", connection.Username ?? ""),
                SummaryMessage = null,
            }
            : outcome;
}
