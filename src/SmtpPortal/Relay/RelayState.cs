namespace SmtpPortal.Relay;

/// <summary>The relay's switches the admin changes at run time (the listen addresses and limits
/// are configuration): one row.</summary>
public sealed class RelayState
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    /// <summary>Off until an admin turns it on.</summary>
    public bool Enabled { get; set; }

    /// <summary>Whether the send log keeps subjects; off by default, for privacy.</summary>
    public bool RecordSubjects { get; set; }

    public DateTimeOffset? ChangedAt { get; set; }
    public string? ChangedBy { get; set; }
}

public enum RelayRefusalKind
{
    /// <summary>MAIL FROM without a login.</summary>
    NoLogin,
    WrongLogin,
    RevokedLogin,
    LockedOut,

    /// <summary>A plain-text AUTH from an address that must use STARTTLS first.</summary>
    EncryptionRequired,
    SenderNotAllowed,
    HeaderFromNotAllowed,
    BadAddress,
    TooManyRecipients,
    TooBig,
    HourlyLimit,
    TooManyConnections,
    Timeout,
    TooManyErrors,
    NotStored,
}

/// <summary>A refusal of the relay, counted so that the admin sees who knocks and why.</summary>
public sealed class RelayRefusal
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public RelayRefusalKind Kind { get; set; }
    public string? ClientAddress { get; set; }
    public string? AppName { get; set; }
    public string Detail { get; set; } = "";
}
