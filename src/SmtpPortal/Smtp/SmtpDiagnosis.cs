using SmtpPortal.Smtp.Diagnostics;

namespace SmtpPortal.Smtp;

/// <summary>How a run ended, classified once: a category and the evidence behind it. The page,
/// the API, the command line and History all render their words from this (DiagnosisText); the
/// relay and scheduled checks read <see cref="Duration"/>.</summary>
public sealed record SmtpDiagnosis(SmtpFailureCategory Category, SmtpEvidence Evidence)
{
    public bool Succeeded => Category == SmtpFailureCategory.None;

    public FailureDuration Duration => Category.DurationOf();

    /// <summary>The server took the whole message but its answer never came: retrying may send a duplicate.</summary>
    public bool MayHaveBeenDelivered => Category == SmtpFailureCategory.DeliveryUnknown;

    public static SmtpDiagnosis Of(SmtpFailureCategory category, SmtpEvidence? evidence = null) =>
        new(category, evidence ?? new SmtpEvidence());
}

/// <summary>What was observed, as facts (no sentences): the renderer turns them into words in the
/// reader's language. <see cref="ServerReply"/> holds only what the SMTP server itself said;
/// anything a library or the network reported is <see cref="Detail"/>.</summary>
public sealed record SmtpEvidence
{
    public string? Host { get; init; }
    public int? Port { get; init; }
    public SecurityMode? Security { get; init; }

    /// <summary>The stage that was running when the run stopped.</summary>
    public SmtpStage? Stage { get; init; }

    public int? ReplyCode { get; init; }

    /// <summary>The RFC 3463 status of the reply ("5.7.139"), when the server gave one.</summary>
    public string? EnhancedStatus { get; init; }

    /// <summary>The SMTP server's own last reply, quoted as it arrived (secrets redacted).</summary>
    public string? ServerReply { get; init; }

    /// <summary>What the mail library, .NET or an OAuth provider reported: shown as details, never as the server's words.</summary>
    public string? Detail { get; init; }

    public CertificateEvidence? Certificate { get; init; }

    /// <summary>For a greeting that started but did not finish: how many bytes arrived, in how long.</summary>
    public int? GreetingBytes { get; init; }
    public TimeSpan? Waited { get; init; }

    /// <summary>The run's overall deadline.</summary>
    public TimeSpan? Deadline { get; init; }

    /// <summary>Whether the last EHLO offered STARTTLS (known once EHLO was answered).</summary>
    public bool? OffersStartTls { get; init; }

    /// <summary>Whether the run logged in, and how (XOAUTH2 with an access token, or a password).</summary>
    public bool LoggedIn { get; init; }
    public bool UsesOAuth { get; init; }

    /// <summary>Where the message went (a send) or was refused.</summary>
    public string? Recipient { get; init; }

    /// <summary>An address the server cannot take (a non-ASCII local part without SMTPUTF8).</summary>
    public string? Address { get; init; }

    /// <summary>For an overlong reply: how far it got before SmtpPortal stopped reading.</summary>
    public int? ReplyLines { get; init; }
    public int? ReplyBytes { get; init; }

    /// <summary>The per-minute cap that refused a run, and in how many seconds the next run may start.</summary>
    public int? PerMinute { get; init; }
    public int? RetryAfterSeconds { get; init; }

    /// <summary>Rounded up, at least 1: "retry in 0 seconds" would be refused again.</summary>
    public static int WholeSeconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));

    /// <summary>Whether the whole message (and its final dot) had gone out when the run stopped.</summary>
    public bool ContentSent { get; init; }

    public OAuthReason? OAuthReason { get; init; }

    /// <summary>"Microsoft", "Google": whose sign-in it is.</summary>
    public string? OAuthProvider { get; init; }

    /// <summary>The account the OAuth sign-in belongs to, and the one the settings log in as.</summary>
    public string? OAuthAccount { get; init; }
    public string? Username { get; init; }
}

/// <summary>Why an OAuth2 sign-in cannot be used, as a fact the renderer words.</summary>
public enum OAuthReason
{
    ClientSecretRejected,
    GrantRevoked,
    ClientRejected,
    ConsentRequired,
    Declined,
    CodeExpired,
    ServiceRefused,
    Unreachable,
    AccountMismatch,
    HostNotProviders,
    Undecryptable,
    LoginRefused,
    NoCodeReturned,
    CodeRefused,
}
