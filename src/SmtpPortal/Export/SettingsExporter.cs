using System.Security.Claims;
using SmtpPortal.History;
using SmtpPortal.Security;
using SmtpPortal.Settings;

namespace SmtpPortal.Export;

/// <summary>Renders the stored settings for an app. The password goes into an export only when
/// the caller asks for it and is entitled to it; otherwise the export carries a placeholder.
/// Every export that carries the real password is recorded in the audit log first.</summary>
public sealed class SettingsExporter(
    SmtpSettingsStore store, SecretProtector secrets, IRecentAuthentication recentAuthentication, SecretReveals reveals)
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
        var settings = await store.GetAsync(ct);
        if (settings is null)
            return [.. formats.Select(_ => ExportResult.NotConfigured)];
        string? password = null;
        var passwordUnreadable = false;
        if (includePassword && settings.ProtectedPassword is not null)
        {
            password = secrets.TryUnprotect(settings.ProtectedPassword);
            passwordUnreadable = password is null;
        }
        var values = ExportValues.From(settings, password);
        var includesPassword = values.HasLogin && !values.PasswordIsPlaceholder;
        if (includesPassword)
            await reveals.RecordAsync(actor, channel, "export " + string.Join(", ", formats.Select(f => f.Id)));
        return [.. formats.Select(format => new ExportResult(format, format.Render(values), includesPassword, passwordUnreadable))];
    }
}

/// <summary>An export's text; <see cref="IncludesPassword"/> tells whether the real secret is in it.</summary>
public sealed record ExportResult(ExportFormat? Format, string Text, bool IncludesPassword, bool PasswordUnreadable)
{
    public static ExportResult NotConfigured { get; } = new(null, "", false, false);

    public bool IsConfigured => Format is not null;
}
