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

    /// <summary>An email to an address, sent through the fallback provider: never through the
    /// main one, which is what most alerts are about.</summary>
    Email,
}

/// <summary>What a channel needs to post, decrypted only to send: the robot's URL (or a Telegram
/// bot token and chat id) and the signing secret for the formats that sign.</summary>
public sealed record AlertTarget(string? Url, string? Secret, string? BotToken = null, string? ChatId = null, string? Address = null)
{
    public const string Redacted = "[redacted]";

    /// <summary>A channel's answer with every secret of this target cut out: a receiver that echoes
    /// the request (its URL, the robot's key in it, a token) must not put them on a page, in the
    /// History or in an API answer.</summary>
    public string Redact(string text)
    {
        List<string> secrets = [Url ?? "", Secret ?? "", BotToken ?? ""];
        if (Uri.TryCreate(Url, UriKind.Absolute, out var url))
        {
            // The key alone, as a robot's error may quote it: query values and long path segments.
            secrets.AddRange(url.Query.TrimStart('?').Split('&').Select(pair => Uri.UnescapeDataString(pair[(pair.IndexOf('=') + 1)..])));
            secrets.AddRange(url.AbsolutePath.Split('/').Where(segment => segment.Length >= 16));
        }
        foreach (var secret in secrets.Where(s => s.Length >= 8).Distinct().OrderByDescending(s => s.Length))
            text = text.Replace(secret, Redacted, StringComparison.Ordinal);
        return text;
    }
}

/// <summary>A failing condition as last alerted, so that it alerts once and once more when it clears.</summary>
public sealed class AlertConditionState
{
    public string Key { get; set; } = "";
    public bool Failing { get; set; }
    public DateTimeOffset Since { get; set; }
}
