using System.ComponentModel.DataAnnotations;

namespace SmtpPortal.Alerts;

/// <summary>The <c>SmtpPortal:Alerts</c> section: how often the scheduled check runs and how long
/// a chat app may take to accept an alert.</summary>
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

    public TimeSpan CheckInterval => TimeSpan.FromMinutes(CheckIntervalMinutes);
    public TimeSpan ChannelTimeout => TimeSpan.FromSeconds(ChannelTimeoutSeconds);
}
