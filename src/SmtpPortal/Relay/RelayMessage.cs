using SmtpPortal.Smtp;

namespace SmtpPortal.Relay;

public enum RelayMessageStatus
{
    /// <summary>Accepted and waiting for its first delivery attempt.</summary>
    Queued,

    /// <summary>A delivery attempt is under way.</summary>
    Sending,

    /// <summary>An attempt failed for a reason that may pass (or pacing held it back): it is retried.</summary>
    Deferred,

    Delivered,

    /// <summary>The provider refused it for good, or it stayed deferred past its lifetime.</summary>
    Failed,
}

/// <summary>One message an app handed to the relay: its queue row while it waits, its line in the
/// send log afterwards. The body lives in a file of the queue folder until it is delivered.</summary>
public sealed class RelayMessage
{
    public long Id { get; set; }
    public DateTimeOffset AcceptedAt { get; set; }
    public int AppId { get; set; }

    /// <summary>The app's name when the message came in (the log outlives a revoked login).</summary>
    public string AppName { get; set; } = "";
    public string? ClientAddress { get; set; }
    public string EnvelopeFrom { get; set; } = "";

    /// <summary>The envelope recipients, one per line.</summary>
    public string Recipients { get; set; } = "";
    public int RecipientCount { get; set; }

    /// <summary>Kept only when the admin turned subject logging on.</summary>
    public string? Subject { get; set; }
    public long SizeBytes { get; set; }
    public string? MessageIdHeader { get; set; }

    public RelayMessageStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? LastAttemptAt { get; set; }

    /// <summary>When it was delivered or failed for good.</summary>
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>After this, a deferred message fails instead of being retried.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>What the provider said last, in its own words.</summary>
    public string? LastReply { get; set; }
    public SmtpFailureCategory? LastCategory { get; set; }

    /// <summary>Why it waits or failed: a diagnosis category or one of <see cref="RelayReasons"/>;
    /// the pages render it in the admin's language.</summary>
    public string? LastReasonCode { get; set; }

    /// <summary>The same in one plain English sentence, for the API and the command line.</summary>
    public string? LastReason { get; set; }

    /// <summary>The body's file name in the queue folder, for a large message; null once
    /// delivered, failed or deleted.</summary>
    public string? BodyFile { get; set; }

    /// <summary>Whether the body of a small message is kept in <see cref="RelayMessageBody"/>
    /// (until it is delivered, failed or deleted).</summary>
    public bool BodyInDatabase { get; set; }

    public bool HasBody => BodyFile is not null || BodyInDatabase;

    public IReadOnlyList<string> RecipientList => Recipients.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public bool IsFinished => Status is RelayMessageStatus.Delivered or RelayMessageStatus.Failed;
}

/// <summary>The body of a small message, kept beside its queue row until it is delivered.</summary>
public sealed class RelayMessageBody
{
    public long MessageId { get; set; }
    public RelayMessage? Message { get; set; }
    public byte[] Data { get; set; } = [];
}

/// <summary>One delivery attempt: what the provider answered and how the portal classified it.</summary>
public sealed class RelayAttempt
{
    public long Id { get; set; }
    public long MessageId { get; set; }
    public DateTimeOffset At { get; set; }
    public bool Delivered { get; set; }
    public SmtpFailureCategory Category { get; set; }
    public bool Permanent { get; set; }
    public int? ReplyCode { get; set; }
    public string? Reply { get; set; }
    public string Summary { get; set; } = "";
    public long DurationMs { get; set; }
}
