using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SmtpPortal.Data;
using SmtpPortal.Fallback;
using SmtpPortal.History;
using SmtpPortal.Localization;
using SmtpPortal.Security;
using SmtpPortal.Settings;

namespace SmtpPortal.Alerts;

/// <summary>What an admin types to add a channel. Which fields count depends on the kind.</summary>
public sealed class AlertChannelInput
{
    public string? Name { get; set; }
    public AlertChannelKind Kind { get; set; }
    public string Language { get; set; } = UiLanguage.English;
    public string? Url { get; set; }
    public string? Secret { get; set; }
    public string? BotToken { get; set; }
    public string? ChatId { get; set; }

    /// <summary>Where an email channel sends (it goes through the fallback provider).</summary>
    public string? Address { get; set; }
}

/// <summary>The result of adding a channel: the stored channel, or a message per field.</summary>
public sealed record AlertChannelSave(AlertChannel? Channel, IReadOnlyDictionary<string, string> Problems)
{
    public bool Succeeded => Channel is not null;
}

/// <summary>Alert channels: the rules for adding one, and the one place their secrets are decrypted.</summary>
public sealed partial class AlertChannelStore(
    IDbContextFactory<PortalDbContext> dbFactory, IDataProtectionProvider protection, FallbackProviderStore fallbacks,
    TimeProvider time, IStringLocalizer<AlertChannelStore> L)
{
    public const string TargetPurpose = "SmtpPortal.Alerts.ChannelTarget.v1";
    public const int MaxNameLength = 100;

    private readonly SecretProtector _secrets = SecretProtector.ForPurpose(protection, TargetPurpose);

    public async Task<IReadOnlyList<AlertChannel>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AlertChannels.AsNoTracking().OrderBy(c => c.Id).ToListAsync(ct);
    }

    public async Task<AlertChannelSave> AddAsync(AlertChannelInput input, AuditActor actor, CancellationToken ct = default)
    {
        var problems = Check(input);
        // Email goes out through the fallback provider only: without one there is no way to send it.
        if (input.Kind == AlertChannelKind.Email && !problems.ContainsKey(nameof(input.Kind)) && await fallbacks.GetAsync(ct) is null)
            problems[nameof(input.Kind)] = L["EmailNeedsFallback"];
        if (problems.Count > 0)
            return new AlertChannelSave(null, problems);
        var target = input.Kind switch
        {
            AlertChannelKind.Telegram => new AlertTarget(null, null, input.BotToken!.Trim(), input.ChatId!.Trim()),
            AlertChannelKind.Email => new AlertTarget(null, null, Address: input.Address!.Trim()),
            _ => new AlertTarget(input.Url!.Trim(), string.IsNullOrEmpty(input.Secret) ? null : input.Secret.Trim()),
        };
        var channel = new AlertChannel
        {
            Name = input.Name!.Trim(),
            Kind = input.Kind,
            Language = SupportedLanguage(input.Language)!,
            ProtectedTarget = _secrets.Protect(JsonSerializer.Serialize(target)),
            CreatedAt = time.GetUtcNow(),
        };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.AlertChannels.Add(channel);
        db.AuditEntries.Add(AuditEntry.Of(AuditAction.AlertChannelAdded, actor, channel.CreatedAt,
            $"{AlertChannelNames.Of(channel.Kind)} '{channel.Name}' ({channel.Language})"));
        await db.SaveChangesAsync(ct);
        return new AlertChannelSave(channel, problems);
    }

    public async Task<bool> RemoveAsync(int id, AuditActor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var channel = await db.AlertChannels.FindAsync([id], ct);
        if (channel is null)
            return false;
        db.AlertChannels.Remove(channel);
        db.AuditEntries.Add(AuditEntry.Of(AuditAction.AlertChannelRemoved, actor, time.GetUtcNow(),
            $"{AlertChannelNames.Of(channel.Kind)} '{channel.Name}'"));
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Null when the key ring that encrypted it is gone: the channel must be added again.</summary>
    internal AlertTarget? Decrypt(AlertChannel channel) =>
        _secrets.TryUnprotect(channel.ProtectedTarget) is { } json ? JsonSerializer.Deserialize<AlertTarget>(json) : null;

    /// <summary>Every rule for a new channel, each problem keyed by the field it belongs next to.</summary>
    public Dictionary<string, string> Check(AlertChannelInput input)
    {
        var problems = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(input.Name))
            problems[nameof(input.Name)] = L["NameRequired"];
        else if (input.Name.Trim().Length > MaxNameLength)
            problems[nameof(input.Name)] = L["NameTooLong", MaxNameLength];
        if (SupportedLanguage(input.Language) is null)
            problems[nameof(input.Language)] = L["LanguageUnknown", string.Join(", ", UiLanguage.Supported)];
        if (!Enum.IsDefined(input.Kind))
            problems[nameof(input.Kind)] = L["KindUnknown", string.Join(", ", AlertChannelNames.Keys)];
        else if (input.Kind == AlertChannelKind.Email)
        {
            if (InputRules.CheckEmail(input.Address, AddressRole.Recipient) is { } addressProblem)
                problems[nameof(input.Address)] = addressProblem;
        }
        else if (input.Kind == AlertChannelKind.Telegram)
        {
            if (!TelegramToken().IsMatch(input.BotToken?.Trim() ?? ""))
                problems[nameof(input.BotToken)] = L["BotTokenShape"];
            if (!TelegramChat().IsMatch(input.ChatId?.Trim() ?? ""))
                problems[nameof(input.ChatId)] = L["ChatIdShape"];
        }
        else
        {
            if (!Uri.TryCreate(input.Url?.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http")
                || url.OriginalString.Length > 2000)
                problems[nameof(input.Url)] = L["UrlShape"];
            var secret = input.Secret?.Trim() ?? "";
            if (input.Kind == AlertChannelKind.Webhook && secret.Length < 16)
                problems[nameof(input.Secret)] = L["WebhookSecretShort"];
            else if (input.Kind == AlertChannelKind.DingTalk && secret.Length > 0 && !secret.StartsWith("SEC", StringComparison.Ordinal))
                problems[nameof(input.Secret)] = L["DingTalkSecretShape"];
            else if (secret.Length > 500 || secret.Any(char.IsControl))
                problems[nameof(input.Secret)] = L["SecretShape"];
        }
        return problems;
    }

    /// <summary>"zh-cn" from a script is "zh-CN"; only the languages the alerts are written in.</summary>
    private static string? SupportedLanguage(string? language) =>
        UiLanguage.Supported.FirstOrDefault(l => string.Equals(l, language?.Trim(), StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex(@"^\d{5,}:[A-Za-z0-9_-]{20,}$")]
    private static partial Regex TelegramToken();

    [GeneratedRegex(@"^(-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{3,})$")]
    private static partial Regex TelegramChat();
}

public static class AlertChannelNames
{
    /// <summary>How the API and the command line name a kind: "webhook", "wecom", "dingtalk"…</summary>
    public static string Key(AlertChannelKind kind) => kind.ToString().ToLowerInvariant();

    public static IReadOnlyList<string> Keys => [.. Enum.GetValues<AlertChannelKind>().Select(Key)];

    /// <summary>The kind a script names (any case), or a value no kind has, which the store's rules
    /// refuse with the list of kinds: the words for a wrong kind live in one place.</summary>
    public static AlertChannelKind FromKey(string? key) =>
        Enum.GetValues<AlertChannelKind>().FirstOrDefault(k => string.Equals(Key(k), key?.Trim(), StringComparison.OrdinalIgnoreCase), (AlertChannelKind)(-1));

    /// <summary>The product names, the same in both languages (企业微信, 钉钉 and 飞书 add theirs in the page's resources).</summary>
    public static string Of(AlertChannelKind kind) => kind switch
    {
        AlertChannelKind.Webhook => "Webhook",
        AlertChannelKind.WeCom => "WeCom",
        AlertChannelKind.DingTalk => "DingTalk",
        AlertChannelKind.Feishu => "Feishu/Lark",
        AlertChannelKind.Slack => "Slack",
        AlertChannelKind.Telegram => "Telegram",
        AlertChannelKind.Email => "Email",
        _ => kind.ToString(),
    };
}
