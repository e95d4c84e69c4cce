using SmtpPortal.Smtp.Diagnostics;

namespace SmtpPortal.Smtp;

public enum SmtpFailureCategory
{
    None,
    NotConfigured,
    PasswordUnreadable,
    InvalidRecipient,
    Cancelled,
    Timeout,
    NoGreeting,
    Dns,
    ConnectionRefused,
    NetworkUnreachable,
    TlsMismatch,
    Certificate,
    StartTlsNotOffered,
    AuthenticationRequired,
    AuthenticationFailed,
    SenderRejected,
    RecipientRejected,
    MessageRejected,
    Temporary,
    ConnectionLost,
    Unknown,

    /// <summary>The OAuth2 sign-in is missing, revoked or expired, or belongs to another account.</summary>
    OAuthSignInRequired,

    /// <summary>The provider rejected the registered app (client id, or a client secret that expired).</summary>
    OAuthClientRejected,

    /// <summary>The provider's token endpoint could not be reached or failed.</summary>
    OAuthUnavailable,
}

/// <summary>How a test send ended, in the admin's words: <see cref="Summary"/> is the plain
/// one-line reason, <see cref="ServerReply"/> what the server itself said.</summary>
public sealed record SendOutcome(
    bool Succeeded,
    SmtpFailureCategory Category,
    string Summary,
    int? ReplyCode = null,
    string? ServerReply = null,
    TimeSpan Elapsed = default)
{
    /// <summary>The stage that was running when the run failed.</summary>
    public SmtpStage? FailedStage { get; init; }
    public IReadOnlyList<StageReport> Stages { get; init; } = [];

    /// <summary>The redacted SMTP conversation.</summary>
    public string Transcript { get; init; } = "";

    /// <summary><see cref="Summary"/> as a message, for History to show in each viewer's language;
    /// null where the summary is only words (OAuth and early refusals).</summary>
    public History.AuditText? SummaryMessage { get; init; }

    /// <summary>The certificate was revoked by its issuer: never offered for pinning. A flag, not a
    /// word of <see cref="Summary"/>, which is in the admin's language.</summary>
    public bool CertificateRevoked { get; init; }

    /// <summary>SHA-256 of the certificate the server showed, for "trust this certificate".</summary>
    public string? CertificateSha256 { get; init; }

    public static SendOutcome Failed(SmtpFailureCategory category, string summary, int? code = null, string? reply = null) =>
        new(false, category, summary, code, reply);
}
