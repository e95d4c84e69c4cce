using SmtpPortal.Fallback;
using SmtpPortal.OAuth;
using SmtpPortal.Providers;
using SmtpPortal.Security;
using SmtpPortal.Settings;

namespace SmtpPortal.Smtp;

/// <summary>The connection a send will use, or the diagnosis of why there is none.</summary>
public sealed record SendingConnection(SmtpSettings? Settings, SmtpConnection? Connection, SmtpDiagnosis? Problem);

/// <summary>
/// The one sending seam: the only place that builds the connection for sending, and so the only
/// code that decrypts the SMTP password (or gets an OAuth2 access token) to send with. The test
/// email, the connection check, a rotation, a test before saving (and the relay) all start here.
/// XOAUTH2 is used when the admin signed in with the preset's provider; the token only ever goes
/// to that provider's own hosts and to the account it was issued for.
/// </summary>
public sealed class SmtpConnections(
    SmtpSettingsStore store, SecretProtector secrets, OAuthGrantStore grants, OAuthAccessTokens tokens, ProviderCatalog catalog,
    FallbackProviderStore fallbacks)
{
    /// <summary>The stored settings with the OAuth sign-in, or else the stored password (decrypted here).</summary>
    public async Task<SendingConnection> ForStoredSettingsAsync(CancellationToken ct)
    {
        var settings = await store.GetAsync(ct);
        if (settings is null)
            return new(null, null, SmtpDiagnosis.Of(SmtpFailureCategory.NotConfigured));
        if (await SignInForAsync(settings, ct) is { } signIn)
            return await ViaOAuthAsync(settings, signIn.Grant, signIn.Endpoints, ct);
        string? password = null;
        if (settings.ProtectedPassword is not null)
        {
            password = secrets.TryUnprotect(settings.ProtectedPassword);
            if (password is null)
                return new(settings, null, SmtpDiagnosis.Of(SmtpFailureCategory.PasswordUnreadable, EvidenceOf(settings)));
        }
        return WithPassword(settings, password);
    }

    /// <summary>The fallback provider with its own password (decrypted here): the relay's second
    /// way out, and the way alert emails go. It logs in with a password (or not at all), never OAuth.</summary>
    public async Task<SendingConnection> ForFallbackAsync(CancellationToken ct)
    {
        var fallback = await fallbacks.GetAsync(ct);
        if (fallback is null)
            return new(null, null, SmtpDiagnosis.Of(SmtpFailureCategory.NotConfigured));
        var evidence = new SmtpEvidence
        {
            Host = fallback.Host, Port = fallback.Port, Security = fallback.Security, Username = fallback.Username,
        };
        var password = fallbacks.DecryptPassword(fallback);
        if (fallback.ProtectedPassword is not null && password is null)
            return new(null, null, SmtpDiagnosis.Of(SmtpFailureCategory.PasswordUnreadable, evidence));
        if (password is null && fallback.Username is not null)
            return new(null, null, SmtpDiagnosis.Of(SmtpFailureCategory.NotConfigured, evidence));
        return new(null, new SmtpConnection(fallback.Host, fallback.Port, fallback.Security, fallback.Username, password, null), null);
    }

    /// <summary>Settings not stored (yet): new settings tested before they are saved, or the saved
    /// destination with a new password before a rotation stores it. The password is the one the
    /// admin just typed; without one, the OAuth sign-in (or no login).</summary>
    public async Task<SendingConnection> ForCandidateAsync(SmtpSettings candidate, string? password, CancellationToken ct)
    {
        if (password is null && await SignInForAsync(candidate, ct) is { } signIn)
            return await ViaOAuthAsync(candidate, signIn.Grant, signIn.Endpoints, ct);
        return WithPassword(candidate, password);
    }

    /// <summary>The saved destination with the password kept for rollback (decrypted here).</summary>
    public SendingConnection ForPreviousPassword(SmtpSettings stored)
    {
        var previous = stored.PreviousProtectedPassword is null ? null : secrets.TryUnprotect(stored.PreviousProtectedPassword);
        return previous is null
            ? new(stored, null, SmtpDiagnosis.Of(SmtpFailureCategory.PasswordUnreadable, EvidenceOf(stored)))
            : new(stored, Password(stored, previous), null);
    }

    /// <summary>The sign-in made for this preset, when the preset signs in with OAuth2 at all.</summary>
    private async Task<(OAuthGrant Grant, PresetOAuth Endpoints)?> SignInForAsync(SmtpSettings settings, CancellationToken ct)
    {
        // Only a preset with an OAuth sign-in can use a grant: a password send skips the lookup.
        if (catalog.Find(settings.PresetId)?.OAuth is not { } endpoints)
            return null;
        var grant = await grants.GetAsync(ct);
        return grant is not null && grant.PresetId == settings.PresetId ? (grant, endpoints) : null;
    }

    private async Task<SendingConnection> ViaOAuthAsync(SmtpSettings settings, OAuthGrant grant, PresetOAuth endpoints, CancellationToken ct)
    {
        var preset = catalog.FindOrCustom(settings.PresetId);
        var evidence = EvidenceOf(settings) with { UsesOAuth = true, OAuthProvider = endpoints.Provider, OAuthAccount = grant.Account };
        if (!string.Equals(settings.Username, grant.Account, StringComparison.OrdinalIgnoreCase))
            return new(settings, null, SmtpDiagnosis.Of(SmtpFailureCategory.OAuthSignInRequired,
                evidence with { OAuthReason = OAuthReason.AccountMismatch }));
        if (!preset.Hosts.Any(h => string.Equals(h.Host, settings.Host, StringComparison.OrdinalIgnoreCase)))
            return new(settings, null, SmtpDiagnosis.Of(SmtpFailureCategory.OAuthSignInRequired,
                evidence with { OAuthReason = OAuthReason.HostNotProviders }));

        var (accessToken, problem) = await tokens.GetAsync(grant, endpoints, ct);
        if (problem is not null)
            return new(settings, null, problem.ToDiagnosis(endpoints.Provider, evidence));
        return new(settings, new SmtpConnection(settings.Host, settings.Port, settings.Security, settings.Username, null,
            settings.TrustedCertificateSha256, accessToken), null);
    }

    /// <summary>A login needs a password; a relay without login needs none.</summary>
    private static SendingConnection WithPassword(SmtpSettings settings, string? password) =>
        password is null && settings.Username is not null
            ? new(settings, null, SmtpDiagnosis.Of(SmtpFailureCategory.NotConfigured, EvidenceOf(settings)))
            : new(settings, Password(settings, password), null);

    private static SmtpConnection Password(SmtpSettings settings, string? password) =>
        new(settings.Host, settings.Port, settings.Security, settings.Username, password, settings.TrustedCertificateSha256);

    private static SmtpEvidence EvidenceOf(SmtpSettings settings) => new()
    {
        Host = settings.Host, Port = settings.Port, Security = settings.Security, Username = settings.Username,
    };
}
