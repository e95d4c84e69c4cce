using Microsoft.Extensions.Options;
using SmtpPortal.History;
using SmtpPortal.Hosting;
using SmtpPortal.Providers;
using SmtpPortal.Smtp;
using SmtpPortal.Smtp.Diagnostics;

namespace SmtpPortal.Fallback;

/// <summary>
/// "Check fallback", whoever asks (page, API, command line): connect and log in to the fallback
/// provider with its own password and quit, no message, exactly as "Check connection" does for the
/// main settings (the same sending seam, sender and send timeout). It takes a run from the same
/// per-minute cap as tests and checks (<see cref="TestQuota"/>): a fallback check reaches a real
/// mail server too. Each run is a History entry; like a port probe it is not one of the main
/// settings' test runs, so the Dashboard's newest test result stays about the main provider.
/// </summary>
public sealed class FallbackCheck(
    FallbackProviderStore fallbacks,
    SmtpConnections connections,
    SmtpSender sender,
    TestQuota quota,
    ProviderCatalog catalog,
    DiagnosisText texts,
    AuditLog audit,
    IOptions<SmtpPortalOptions> options,
    ILogger<FallbackCheck> logger)
{
    /// <summary>The run with the fallback's preset (for its advice); null when no fallback is set.</summary>
    public async Task<TestRunResult?> RunAsync(Requester requester, IProgress<StageReport>? progress, CancellationToken ct)
    {
        var fallback = await fallbacks.GetAsync(ct);
        if (fallback is null)
            return null;
        var preset = catalog.FindOrCustom(fallback.PresetId);
        if (await quota.TakeAsync(requester, ct) is { } wait)
            return new TestRunResult(new SendOutcome(SmtpDiagnosis.Of(SmtpFailureCategory.RateLimited, new SmtpEvidence
            {
                PerMinute = quota.PerMinute, RetryAfterSeconds = SmtpEvidence.WholeSeconds(wait),
            })), preset, null);

        var (_, connection, problem) = await connections.ForFallbackAsync(ct);
        var outcome = problem is not null
            ? new SendOutcome(problem)
            : await sender.CheckAsync(connection!, options.Value.SendTimeout, progress, ct);
        var summary = EnglishText.Render(() => texts.Summary(outcome.Diagnosis));
        outcome = outcome with { Summary = summary };

        var server = $"{fallback.Host}:{fallback.Port}";
        logger.LogInformation("Fallback check of {Server} by {Actor}: {Result} in {ElapsedMs} ms", server, requester.Actor.Name,
            outcome.Succeeded ? "succeeded" : $"failed ({outcome.Category}): {summary}", (long)outcome.Elapsed.TotalMilliseconds);
        // Recorded even when the admin cancelled: History shows every attempt.
        await audit.RecordAsync(outcome.Succeeded ? AuditAction.FallbackChecked : AuditAction.FallbackCheckFailed, requester.Actor,
            AuditText.From(typeof(FallbackText), "CheckedServer", server, EnglishText.Bilingual(() => texts.Summary(outcome.Diagnosis))));
        return new TestRunResult(outcome, preset, null);
    }
}
