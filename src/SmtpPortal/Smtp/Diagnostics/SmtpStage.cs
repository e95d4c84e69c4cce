namespace SmtpPortal.Smtp.Diagnostics;

/// <summary>The steps of one SMTP conversation, in the order they happen for STARTTLS. For
/// implicit TLS the TLS step comes before the greeting; <see cref="StartTls"/> is then skipped.</summary>
public enum SmtpStage
{
    Resolve,
    Connect,
    Tls,
    Greeting,
    Ehlo,
    StartTls,
    Auth,
    Message,
    Quit,
}

public enum StageState
{
    Pending,
    Running,
    Ok,
    Failed,
    Skipped,
}

/// <summary>Where one stage stands; <see cref="Facts"/> says what it found, as data that
/// <see cref="StageText"/> words in the reader's language. Never a secret.</summary>
public sealed record StageReport(SmtpStage Stage, StageState State, TimeSpan Duration, StageFacts? Facts = null);

/// <summary>What a stage found: addresses, the endpoint, the server's own lines, capabilities,
/// the TLS session and certificate. Each stage fills in what applies to it.</summary>
public sealed record StageFacts
{
    public IReadOnlyList<string>? Addresses { get; init; }
    public string? Endpoint { get; init; }

    /// <summary>What the server itself said at this stage (greeting, final reply), as it arrived.</summary>
    public string? ServerSaid { get; init; }
    public IReadOnlyList<string>? Extensions { get; init; }
    public IReadOnlyList<string>? AuthMechanisms { get; init; }
    public string? UsedMechanism { get; init; }
    public string? TlsProtocol { get; init; }
    public string? Cipher { get; init; }
    public CertificateEvidence? Certificate { get; init; }
}

/// <summary>The stages a run will go through, given the security mode and whether it sends.</summary>
public static class StagePlan
{
    public static IReadOnlyList<SmtpStage> For(SecurityMode mode, bool login, bool sendsMessage)
    {
        var stages = new List<SmtpStage> { SmtpStage.Resolve, SmtpStage.Connect };
        if (mode == SecurityMode.SslOnConnect)
            stages.Add(SmtpStage.Tls);
        stages.Add(SmtpStage.Greeting);
        stages.Add(SmtpStage.Ehlo);
        if (mode == SecurityMode.StartTls)
            stages.AddRange([SmtpStage.StartTls, SmtpStage.Tls]);
        if (login)
            stages.Add(SmtpStage.Auth);
        if (sendsMessage)
            stages.Add(SmtpStage.Message);
        stages.Add(SmtpStage.Quit);
        return stages;
    }
}
