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

/// <summary>Where one stage stands: <see cref="Detail"/> says what it found (addresses, cipher,
/// capabilities, queue id) in plain words, never a secret.</summary>
public sealed record StageReport(SmtpStage Stage, StageState State, TimeSpan Duration, string? Detail)
{
    private static readonly Microsoft.Extensions.Localization.IStringLocalizer L =
        Localization.StaticLocalizer.For(typeof(StageReport));

    /// <summary>The stage's name in the current UI language (resource key: the stage's name).</summary>
    public string Title => TitleOf(Stage);

    public static string TitleOf(SmtpStage stage) => L[stage.ToString()];
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
