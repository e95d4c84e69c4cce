namespace SmtpPortal.Smtp;

/// <summary>How the connection to the SMTP server is secured. Always used exactly as chosen:
/// SmtpPortal never guesses and never falls back to plain text.</summary>
public enum SecurityMode
{
    /// <summary>TLS from the first byte (usually port 465), also called SSL.</summary>
    SslOnConnect,

    /// <summary>Plain connect, then upgrade with STARTTLS (usually 587); refused if not offered.</summary>
    StartTls,

    /// <summary>No encryption at all: only for a relay on the same machine or network.</summary>
    None,
}

/// <summary>A security mode in people's words, in English: History, logs, the command line. Pages
/// show it in the reader's language with DiagnosisText.Mode.</summary>
public static class SecurityModeText
{
    public static string Describe(this SecurityMode mode) => mode switch
    {
        SecurityMode.SslOnConnect => "SSL/TLS (implicit)",
        SecurityMode.StartTls => "STARTTLS",
        SecurityMode.None => "None (plain text)",
        _ => mode.ToString(),
    };
}
