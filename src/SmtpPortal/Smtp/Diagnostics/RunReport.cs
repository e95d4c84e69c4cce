using SmtpPortal.Providers;

namespace SmtpPortal.Smtp.Diagnostics;

/// <summary>One run as scripts read it (the API's JSON, the command line's --json) and as the
/// command line prints it: the diagnosis in words, the server's own reply apart from any
/// library text, and every stage.</summary>
public sealed record RunReport(
    bool Succeeded,
    string Category,
    string Duration,
    bool MayHaveBeenDelivered,
    string Summary,
    string? Explanation,
    string? Fix,
    int? ReplyCode,
    string? EnhancedStatus,
    string? ServerReply,
    IReadOnlyList<string> Details,
    string? TrustableCertificateSha256,
    string? SuggestedSecurity,
    int? SuggestedPort,
    string? FailedStage,
    IReadOnlyList<StageLine> Stages,
    long ElapsedMs);

public sealed record StageLine(string Stage, string Title, string State, long DurationMs, string? Detail);

/// <summary>Builds <see cref="RunReport"/>s in the current language (English for machines: the
/// API and the command line render inside <see cref="EnglishText"/>).</summary>
public sealed class RunReports(DiagnosisText texts, StageText stages)
{
    public RunReport Create(SendOutcome outcome, ProviderPreset preset)
    {
        var report = texts.Render(outcome.Diagnosis, preset);
        var e = outcome.Evidence;
        var failed = outcome.Stages.FirstOrDefault(s => s.State == StageState.Failed);
        return new RunReport(
            outcome.Succeeded,
            outcome.Category.ToString(),
            outcome.Diagnosis.Duration.ToString(),
            outcome.Diagnosis.MayHaveBeenDelivered,
            report.Summary,
            report.Explanation,
            report.Fix,
            e.ReplyCode,
            e.EnhancedStatus,
            e.ServerReply,
            report.Details,
            report.QuickFix is { Kind: QuickFixKind.TrustCertificate, CertificateSha256: { } sha } ? CertificateFingerprint.Format(sha) : null,
            report.QuickFix is { Kind: QuickFixKind.SwitchSecurity, Security: { } mode } ? mode.ToName() : null,
            report.QuickFix is { Kind: QuickFixKind.SwitchSecurity } switchFix ? switchFix.Port : null,
            failed?.Stage.ToString(),
            [.. outcome.Stages.Select(s => new StageLine(s.Stage.ToString(), stages.Title(s.Stage), s.State.ToString(),
                (long)s.Duration.TotalMilliseconds, stages.Describe(s)))],
            (long)outcome.Elapsed.TotalMilliseconds);
    }
}
