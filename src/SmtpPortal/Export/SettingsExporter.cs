using System.Security.Claims;
using SmtpPortal.Security;
using SmtpPortal.Settings;

namespace SmtpPortal.Export;

/// <summary>Renders the stored settings for an app. The password goes into an export only when
/// the caller asks for it and is entitled to it; otherwise the export carries a placeholder.</summary>
public sealed class SettingsExporter(SmtpSettingsStore store, SecretProtector secrets, IRecentAuthentication recentAuthentication)
{
    /// <summary>For a signed-in admin: the secret only after a recent re-authentication.</summary>
    public Task<ExportResult> ExportForAdminAsync(ExportFormat format, bool includePassword, ClaimsPrincipal admin, CancellationToken ct = default) =>
        ExportAsync(format, includePassword && recentAuthentication.IsRecent(admin), ct);

    /// <summary>For callers whose right to the secret was settled elsewhere: an API token with
    /// the read-secret scope, or the command line run by the account that owns the key ring.</summary>
    public async Task<ExportResult> ExportAsync(ExportFormat format, bool includePassword, CancellationToken ct = default)
    {
        var settings = await store.GetAsync(ct);
        if (settings is null)
            return ExportResult.NotConfigured;
        string? password = null;
        var passwordUnreadable = false;
        if (includePassword && settings.ProtectedPassword is not null)
        {
            password = secrets.TryUnprotect(settings.ProtectedPassword);
            passwordUnreadable = password is null;
        }
        var values = ExportValues.From(settings, password);
        return new ExportResult(format, format.Render(values), values.HasLogin && !values.PasswordIsPlaceholder, passwordUnreadable);
    }
}

/// <summary>An export's text; <see cref="IncludesPassword"/> tells whether the real secret is in it.</summary>
public sealed record ExportResult(ExportFormat? Format, string Text, bool IncludesPassword, bool PasswordUnreadable)
{
    public static ExportResult NotConfigured { get; } = new(null, "", false, false);

    public bool IsConfigured => Format is not null;
}
