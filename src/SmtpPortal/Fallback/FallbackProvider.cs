using SmtpPortal.Smtp;

namespace SmtpPortal.Fallback;

/// <summary>A second, complete way out: another provider the relay delivers through while the
/// main one (<see cref="Settings.SmtpSettings"/>) is failing. One row, edited in place; it also
/// records whether it carries the mail now, so a restart does not switch back blindly.</summary>
public sealed class FallbackProvider
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;
    public string PresetId { get; set; } = "custom";
    public string Host { get; set; } = "";
    public int Port { get; set; }
    public SecurityMode Security { get; set; }
    public string? Username { get; set; }

    /// <summary>Data Protection ciphertext of the password (its own purpose); never the password itself.</summary>
    public string? ProtectedPassword { get; set; }
    public DateTimeOffset? PasswordSetAt { get; set; }

    /// <summary>The sender of what the portal itself sends through the fallback (alert emails).</summary>
    public string FromAddress { get; set; } = "";

    /// <summary>How long the main provider may fail transiently (unreachable, timing out, 4xx)
    /// before the relay switches; a refused login switches at once.</summary>
    public int SwitchAfterMinutes { get; set; } = FallbackInput.DefaultSwitchAfterMinutes;

    /// <summary>Since when the fallback carries the relay's mail; null while the main provider does.</summary>
    public DateTimeOffset? InUseSince { get; set; }

    /// <summary>Why the relay switched, in English (the diagnosis's summary), for the Dashboard and the API.</summary>
    public string? SwitchReason { get; set; }

    /// <summary>The failure's category behind the switch, so pages word the reason in the reader's language.</summary>
    public SmtpFailureCategory? SwitchCategory { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Revision { get; set; }

    public bool InUse => InUseSince is not null;
    public TimeSpan SwitchAfter => TimeSpan.FromMinutes(SwitchAfterMinutes);
}
