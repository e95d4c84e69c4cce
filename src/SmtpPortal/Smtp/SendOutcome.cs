using SmtpPortal.Smtp.Diagnostics;

namespace SmtpPortal.Smtp;

/// <summary>One SMTP run: its diagnosis, the stages as they went and the redacted transcript.</summary>
public sealed record SendOutcome(SmtpDiagnosis Diagnosis)
{
    public TimeSpan Elapsed { get; init; }
    public IReadOnlyList<StageReport> Stages { get; init; } = [];

    /// <summary>The redacted SMTP conversation.</summary>
    public string Transcript { get; init; } = "";

    public bool Succeeded => Diagnosis.Succeeded;
    public SmtpFailureCategory Category => Diagnosis.Category;
    public SmtpEvidence Evidence => Diagnosis.Evidence;
    public int? ReplyCode => Evidence.ReplyCode;
    public string? ServerReply => Evidence.ServerReply;

    /// <summary>The diagnosis in English words, for machine-facing records (the relay's send log,
    /// log lines); pages word <see cref="Diagnosis"/> in the reader's language.</summary>
    public string Summary { get; init; } = "";

    public static SendOutcome Failed(SmtpFailureCategory category, SmtpEvidence? evidence = null) =>
        new(SmtpDiagnosis.Of(category, evidence));
}
