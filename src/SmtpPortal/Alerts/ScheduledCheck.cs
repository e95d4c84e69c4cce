using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using SmtpPortal.Data;
using SmtpPortal.Fallback;
using SmtpPortal.History;
using SmtpPortal.Hosting;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;

namespace SmtpPortal.Alerts;

/// <summary>One scheduled check: the saved settings' "Check connection" (the same service the
/// settings page calls), then the conditions it reveals reported to the alerts.</summary>
public sealed class ScheduledCheck(
    TestEmailService tests,
    SmtpSettingsStore store,
    FallbackProviderStore fallbacks,
    AlertService alerts,
    ProviderFailover failover,
    IDbContextFactory<PortalDbContext> dbFactory,
    IOptions<SmtpPortalOptions> portalOptions,
    TimeProvider time,
    ILogger<ScheduledCheck> logger)
{
    /// <summary>Who the History and the test-run list name for scheduled runs.</summary>
    public const string ActorName = "scheduled check";

    /// <summary>The condition keys this check reports (AlertText has their words).</summary>
    public const string CheckFailed = "ScheduledCheck";
    public const string PasswordOld = "PasswordAge";
    public const string OAuthRefreshFailed = "OAuthSignIn";
    public const string CertificatePinChanged = "CertificatePin";

    /// <summary>Null when there is nothing to check yet (mail not set up).</summary>
    public async Task<TestRunResult?> RunAsync(CancellationToken ct)
    {
        var settings = await store.GetAsync(ct);
        if (settings is null)
        {
            logger.LogInformation("Scheduled check skipped: outgoing mail is not set up");
            return null;
        }
        // Its own cap key: a daily check never takes an admin's tests of the minute.
        var run = await tests.CheckAsync(new Requester(new AuditActor(ActorName, null), "scheduled"), null, ct);
        var outcome = run.Outcome;
        var server = $"{settings.Host}:{settings.Port}";

        var oauthFailed = outcome.Category is SmtpFailureCategory.OAuthSignInRequired or SmtpFailureCategory.OAuthClientRejected
            or SmtpFailureCategory.OAuthUnavailable;
        var pinChanged = settings.TrustedCertificateSha256 is { } pin && outcome.Category == SmtpFailureCategory.Certificate
            && !string.Equals(outcome.Evidence.Certificate?.Sha256, pin, StringComparison.OrdinalIgnoreCase);
        // A failure with its own, more precise condition raises only that one: one alert per cause.
        var otherFailure = !outcome.Succeeded && !oauthFailed && !pinChanged;

        // The relay's fallback takes over (or hands back) first, so the alert can say where mail goes now.
        var wasOnFallback = (await fallbacks.GetAsync(ct))?.InUse == true;
        if (outcome.Succeeded)
            await failover.MainCheckPassedAsync(MainCheck.Scheduled, ct);
        else if (outcome.Category != SmtpFailureCategory.Cancelled)
            await failover.MainFailedAsync(outcome, ct, announce: false);
        var fallbackServer = !outcome.Succeeded && await fallbacks.GetAsync(ct) is { InUse: true } fallback
            ? $"{fallback.Host}:{fallback.Port}" : null;
        string MailNow(IStringLocalizer L) => fallbackServer is null ? L["MailStopped"] : L["NowThroughFallback", fallbackServer];
        // While the fallback already carried the mail, its own alert told that the main provider fails:
        // the check's failure is recorded (its recovery is alerted) but not told twice.
        Task Report(string key, bool failing, Func<IStringLocalizer, string> describe, Func<IStringLocalizer, string>? title = null) =>
            failing && wasOnFallback ? alerts.RecordAsync(key, true, ct) : alerts.ReportAsync(key, failing, describe, ct, title);

        await Report(OAuthRefreshFailed, oauthFailed, L => oauthFailed
            ? L["OAuthSignInText", settings.Username ?? "", AlertReasons.Of(L, outcome)] + " " + MailNow(L)
            : L["CheckPassedText", server]);
        await Report(CertificatePinChanged, pinChanged, L => pinChanged
            ? L["CertificatePinText", server, outcome.Evidence.Certificate?.Sha256 ?? "?"]
            : L["CheckPassedText", server]);
        await Report(CheckFailed, otherFailure, L => otherFailure
            ? L["ScheduledCheckText", server, AlertReasons.Of(L, outcome), outcome.ServerReply ?? "-"] + " " + MailNow(L)
            : L["CheckPassedText", server],
            title: L => otherFailure && fallbackServer is not null ? L["ScheduledCheckOnFallback"] : L[CheckFailed + (otherFailure ? "Failing" : "Recovered")]);

        var maxAge = portalOptions.Value.PasswordMaxAgeDays;
        var passwordOld = settings.HasPassword && settings.PasswordSetAt is { } setAt
            && CredentialAge.IsOld(setAt, time.GetUtcNow(), maxAge);
        await alerts.ReportAsync(PasswordOld, passwordOld, L => passwordOld
            ? L["PasswordAgeText", (int)(time.GetUtcNow() - settings.PasswordSetAt!.Value).TotalDays, maxAge]
            : L["PasswordRenewedText"], ct);
        return run;
    }

    /// <summary>The last scheduled run, for the Dashboard.</summary>
    public async Task<TestRun?> GetLastAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.TestRuns.AsNoTracking()
            .Where(r => r.Kind == TestRunKind.Check && r.AdminName == ActorName)
            .OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
    }
}
