namespace SmtpPortal.Alerts;

/// <summary>Where alerts go besides mail: one chat robot or webhook. Its address and secrets are
/// stored encrypted (<see cref="ProtectedTarget"/>) and never shown again.</summary>
public sealed class AlertChannel
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public AlertChannelKind Kind { get; set; }

    /// <summary>The language its alerts are written in ("en" or "zh-CN"): a robot in a Chinese
    /// team's group reads Chinese whatever the browser that set it up.</summary>
    public string Language { get; set; } = "en";

    /// <summary>Data Protection ciphertext of the <see cref="AlertTarget"/> (URL, signing secret,
    /// bot token); never the values themselves.</summary>
    public string ProtectedTarget { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}

public enum AlertChannelKind
{
    Webhook,
    WeCom,
    DingTalk,
    Feishu,
    Slack,
    Telegram,
}

/// <summary>What a channel needs to post, decrypted only to send: the robot's URL (or a Telegram
/// bot token and chat id) and the signing secret for the formats that sign.</summary>
public sealed record AlertTarget(string? Url, string? Secret, string? BotToken = null, string? ChatId = null);

/// <summary>A failing condition as last alerted, so that it alerts once and once more when it clears.</summary>
public sealed class AlertConditionState
{
    public string Key { get; set; } = "";
    public bool Failing { get; set; }
    public DateTimeOffset Since { get; set; }
}
