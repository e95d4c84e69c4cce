namespace SmtpPortal.Smtp;

/// <summary>One test send, kept so that the Dashboard can show the latest outcome.</summary>
public sealed class TestRun
{
    public long Id { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public string AdminName { get; set; } = "";
    public string Recipient { get; set; } = "";
    public bool Succeeded { get; set; }
    public SmtpFailureCategory Category { get; set; }
    public int? ReplyCode { get; set; }

    /// <summary>The plain-language outcome shown to the admin.</summary>
    public string Summary { get; set; } = "";

    /// <summary>The server's own last words (final reply or error), secrets excluded.</summary>
    public string? ServerReply { get; set; }
    public long DurationMs { get; set; }

    public TestRunKind Kind { get; set; }

    /// <summary>The SMTP conversation with every secret redacted.</summary>
    public string? Transcript { get; set; }
}

public enum TestRunKind
{
    /// <summary>A real test email.</summary>
    Send,

    /// <summary>"Check connection": connect, TLS, EHLO, AUTH, QUIT, no message.</summary>
    Check,
}
