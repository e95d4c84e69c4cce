using System.ComponentModel.DataAnnotations;

namespace SmtpPortal.Alerts;

/// <summary>The <c>SmtpPortal:Alerts</c> section: how often the scheduled check runs, how long
/// a chat app may take to accept an alert, and the relay's thresholds.</summary>
public sealed class AlertsOptions
{
    public const string Section = "SmtpPortal:Alerts";

    /// <summary>Off only for hosts that check from elsewhere; the check is what notices broken mail.</summary>
    public bool ScheduledCheckEnabled { get; set; } = true;

    /// <summary>Minutes between two scheduled checks; a day by default.</summary>
    [Range(5, 44640)]
    public int CheckIntervalMinutes { get; set; } = 1440;

    /// <summary>One channel must answer within this, or its alert counts as failed; the others
    /// are never held up by it.</summary>
    [Range(1, 120)]
    public int ChannelTimeoutSeconds { get; set; } = 10;

    /// <summary>Where Telegram bots are reached; only changed for a self-hosted Bot API server.</summary>
    [Required, Url]
    public string TelegramApiBase { get; set; } = "https://api.telegram.org";

    /// <summary>The relay's mail is delayed when the oldest message waiting for a retry has waited
    /// longer than this since the app handed it over.</summary>
    [Range(1, 10080)]
    public int RelayDeferredMinutes { get; set; } = 30;

    /// <summary>The relay's mail is refused when at least this many messages failed for good within
    /// <see cref="RelayFailedWindowMinutes"/> and none was delivered after the first of them; one
    /// bad recipient is not enough.</summary>
    [Range(1, 1000)]
    public int RelayFailedMessages { get; set; } = 3;

    [Range(5, 1440)]
    public int RelayFailedWindowMinutes { get; set; } = 60;

    /// <summary>The relay's queue is long when more messages than this wait (queued, being sent or
    /// waiting for a retry).</summary>
    [Range(1, 1_000_000)]
    public int RelayQueueMessages { get; set; } = 500;

    public TimeSpan CheckInterval => TimeSpan.FromMinutes(CheckIntervalMinutes);
    public TimeSpan ChannelTimeout => TimeSpan.FromSeconds(ChannelTimeoutSeconds);
    public TimeSpan RelayDeferredAge => TimeSpan.FromMinutes(RelayDeferredMinutes);
    public TimeSpan RelayFailedWindow => TimeSpan.FromMinutes(RelayFailedWindowMinutes);
}
