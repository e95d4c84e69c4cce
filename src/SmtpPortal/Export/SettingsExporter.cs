using System.Security.Claims;
using SmtpPortal.History;
using SmtpPortal.OAuth;
using SmtpPortal.Providers;
using SmtpPortal.Security;
using SmtpPortal.Settings;

namespace SmtpPortal.Export;

/// <summary>Renders the stored settings for an app. The password goes into an export only when
/// the caller asks for it and is entitled to it; otherwise the export carries a placeholder.
/// Every export that carries the real password is recorded in the audit log first.</summary>
public sealed class SettingsExporter(
    SmtpSettingsStore store, IRecentAuthentication recentAuthentication, OAuthGrantStore grants, ProviderCatalog catalog)
{
    /// <summary>For a signed-in admin: the secret only after a recent re-authentication.</summary>
    public async Task<ExportResult> ExportForAdminAsync(
        ExportFormat format, bool includePassword, ClaimsPrincipal admin, AuditActor actor, CancellationToken ct = default) =>
        (await ExportAllForAdminAsync([format], includePassword, admin, actor, ct)).Single();

    /// <summary>Several formats from one read of the settings, recorded as one reveal (the
    /// Export page shows them all at once).</summary>
    public Task<IReadOnlyList<ExportResult>> ExportAllForAdminAsync(IReadOnlyList<ExportFormat> formats, bool includePassword,
        ClaimsPrincipal admin, AuditActor actor, CancellationToken ct = default) =>
        RenderAsync(formats, includePassword && recentAuthentication.IsRecent(admin), actor, SecretChannel.Export, ct);

    /// <summary>For callers whose right to the secret was settled elsewhere: an API token with
    /// the read-secret scope, or the command line run by the account that owns the key ring.</summary>
    /// <param name="channel">How the export leaves the portal (<see cref="SecretChannel"/>), for the audit log.</param>
    public async Task<ExportResult> ExportAsync(
        ExportFormat format, bool includePassword, AuditActor actor, string channel, CancellationToken ct = default) =>
        (await RenderAsync([format], includePassword, actor, channel, ct)).Single();

    private async Task<IReadOnlyList<ExportResult>> RenderAsync(
        IReadOnlyList<ExportFormat> formats, bool includePassword, AuditActor actor, string channel, CancellationToken ct)
    {
        // The store records the reveal before it hands the password out.
        var (settings, password, passwordUnreadable) = includePassword
            ? await store.RevealPasswordAsync(actor, channel, "export " + string.Join(", ", formats.Select(f => f.Id)), ct)
            : new RevealedSettings(await store.GetAsync(ct), null, false);
        if (settings is null)
            return [.. formats.Select(_ => ExportResult.NotConfigured)];
        var values = ExportValues.From(settings, password);
        var includesPassword = values.HasLogin && !values.PasswordIsPlaceholder;
        var oauth = await SignInProviderAsync(settings, ct);
        return [.. formats.Select(format => new ExportResult(format, format.Render(values), includesPassword, passwordUnreadable)
        {
            SignsInWithOAuth = oauth,
        })];
    }

    /// <summary>The provider ("Microsoft") when the settings send with an OAuth2 sign-in, not a
    /// password: an app given this export cannot use the placeholder, and must be told so.</summary>
    private async Task<string?> SignInProviderAsync(SmtpSettings settings, CancellationToken ct)
    {
        if (catalog.Find(settings.PresetId)?.OAuth is not { } oauth)
            return null;
        return (await grants.GetSummaryAsync(ct))?.PresetId == settings.PresetId ? oauth.Provider : null;
    }
}

/// <summary>An export's text; <see cref="IncludesPassword"/> tells whether the real secret is in it.</summary>
public sealed record ExportResult(ExportFormat? Format, string Text, bool IncludesPassword, bool PasswordUnreadable)
{
    /// <summary>Whose OAuth2 sign-in the settings send with (the export's password is then only a
    /// placeholder an app cannot use), or null.</summary>
    public string? SignsInWithOAuth { get; init; }

    /// <summary>The note every channel (page, API, command line) gives with such an export, in English.</summary>
    public string? OAuthNote => SignsInWithOAuth is { } provider
        ? $"This account signs in with {provider} (OAuth2), so it has no password an app could use: the password in this export is only a placeholder. "
            + "The app needs its own OAuth2 (XOAUTH2) sign-in for this mailbox, with its own client id and refresh token, or the provider's app password where the account still offers one."
        : null;

    public static ExportResult NotConfigured { get; } = new(null, "", false, false);

    public bool IsConfigured => Format is not null;
}
