namespace SmtpPortal.Smtp;

/// <summary>What kind of failure a run ended in: one value per kind, so advice is chosen by
/// category and evidence, never by searching text. Stored by name (TestRuns.Category): new values
/// go at the end and none is renamed.</summary>
public enum SmtpFailureCategory
{
    None,
    NotConfigured,
    PasswordUnreadable,
    InvalidRecipient,
    Cancelled,

    /// <summary>The run hit its deadline; the evidence says during which stage.</summary>
    Timeout,

    /// <summary>The connection opened but not one byte of a greeting arrived.</summary>
    NoGreeting,
    Dns,
    ConnectionRefused,
    NetworkUnreachable,
    TlsMismatch,

    /// <summary>The certificate failed validation; the evidence names each problem.</summary>
    Certificate,
    StartTlsNotOffered,
    AuthenticationRequired,
    AuthenticationFailed,
    SenderRejected,
    RecipientRejected,

    /// <summary>The server refused the message itself after the final dot (content, spam, policy).</summary>
    MessageRejected,

    /// <summary>A 4xx reply: the server refuses for now.</summary>
    Temporary,
    ConnectionLost,
    Unknown,

    /// <summary>The OAuth2 sign-in is missing, revoked or expired, or belongs to another account.</summary>
    OAuthSignInRequired,

    /// <summary>The provider rejected the registered app (client id, or a client secret that expired).</summary>
    OAuthClientRejected,

    /// <summary>The provider's token endpoint could not be reached or failed.</summary>
    OAuthUnavailable,

    /// <summary>A greeting started but did not finish before the deadline (a trickling tarpit).</summary>
    GreetingIncomplete,

    /// <summary>A reply longer than any SMTP server needs (lines or bytes): read no further.</summary>
    ReplyTooLong,

    /// <summary>The server answered STARTTLS with 4xx: it cannot start TLS now.</summary>
    StartTlsRefused,

    /// <summary>A login was configured but the server offers no AUTH mechanism at all.</summary>
    AuthenticationNotOffered,

    /// <summary>DATA was accepted but the end of the message got no answer: it may have been delivered.</summary>
    DeliveryUnknown,

    /// <summary>An address with a non-ASCII local part, and the server did not offer SMTPUTF8.</summary>
    Utf8AddressNotSupported,

    /// <summary>The per-minute cap on tests was reached; nothing was tried.</summary>
    RateLimited,
}

/// <summary>How long a failure lasts, for callers that retry (the relay) or alert (scheduled checks).</summary>
public enum FailureDuration
{
    /// <summary>Nothing failed.</summary>
    None,

    /// <summary>Try again later: the network, a busy server, a 4xx reply.</summary>
    Transient,

    /// <summary>Every attempt fails the same way until an admin changes the settings or credentials.</summary>
    UntilFixed,

    /// <summary>The server refused this message (or this recipient); trying again will not help.</summary>
    Permanent,
}

public static class SmtpFailureCategories
{
    public static FailureDuration DurationOf(this SmtpFailureCategory category) => category switch
    {
        SmtpFailureCategory.None => FailureDuration.None,
        SmtpFailureCategory.Timeout or SmtpFailureCategory.NoGreeting or SmtpFailureCategory.GreetingIncomplete
            or SmtpFailureCategory.NetworkUnreachable
            or SmtpFailureCategory.Temporary or SmtpFailureCategory.StartTlsRefused or SmtpFailureCategory.ConnectionLost
            or SmtpFailureCategory.DeliveryUnknown or SmtpFailureCategory.OAuthUnavailable or SmtpFailureCategory.Cancelled
            or SmtpFailureCategory.RateLimited => FailureDuration.Transient,
        SmtpFailureCategory.SenderRejected or SmtpFailureCategory.RecipientRejected or SmtpFailureCategory.MessageRejected
            or SmtpFailureCategory.InvalidRecipient or SmtpFailureCategory.Utf8AddressNotSupported => FailureDuration.Permanent,
        _ => FailureDuration.UntilFixed,
    };
}
