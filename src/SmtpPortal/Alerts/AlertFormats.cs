using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SmtpPortal.Alerts;

/// <summary>One alert as every channel receives it: already in the channel's language.</summary>
public sealed record AlertMessage(string Condition, AlertState State, string Title, string Text, DateTimeOffset At)
{
    public string PlainText => $"{Title}\n\n{Text}";
}

public enum AlertState
{
    Failing,
    Recovered,
    Test,
}

/// <summary>The request each chat app documents for its robots, and how each says it refused one.</summary>
public static class AlertFormats
{
    /// <summary>Generic webhook: <c>sha256=</c> and the hex HMAC-SHA256 of the raw body, keyed
    /// with the channel's secret (the scheme GitHub's webhooks use).</summary>
    public const string SignatureHeader = "X-SmtpPortal-Signature";

    public static HttpRequestMessage Build(
        AlertChannelKind kind, AlertTarget target, AlertMessage message, DateTimeOffset now, string telegramApiBase) => kind switch
        {
            AlertChannelKind.Webhook => Webhook(target, message),
            AlertChannelKind.WeCom => Post(target.Url!, new JsonObject
            {
                ["msgtype"] = "text",
                ["text"] = new JsonObject { ["content"] = message.PlainText },
            }),
            AlertChannelKind.DingTalk => Post(DingTalkUrl(target, now), new JsonObject
            {
                ["msgtype"] = "text",
                ["text"] = new JsonObject { ["content"] = message.PlainText },
            }),
            AlertChannelKind.Feishu => Post(target.Url!, FeishuBody(target, message, now)),
            AlertChannelKind.Slack => Post(target.Url!, new JsonObject { ["text"] = $"*{message.Title}*\n{message.Text}" }),
            AlertChannelKind.Telegram => Post($"{telegramApiBase.TrimEnd('/')}/bot{target.BotToken}/sendMessage", new JsonObject
            {
                ["chat_id"] = target.ChatId,
                ["text"] = message.PlainText,
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

    /// <summary>DingTalk's signed robot: timestamp in milliseconds and
    /// Base64(HMAC-SHA256(key: secret, data: timestamp + "\n" + secret)) as query parameters.</summary>
    public static string DingTalkSign(long timestampMs, string secret) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestampMs}\n{secret}")));

    /// <summary>Feishu/Lark's signed bot: timestamp in seconds and
    /// Base64(HMAC-SHA256(key: timestamp + "\n" + secret, data: empty)) in the body.</summary>
    public static string FeishuSign(long timestampSeconds, string secret) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes($"{timestampSeconds}\n{secret}"), Array.Empty<byte>()));

    public static string WebhookSignature(byte[] body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>Null when the channel took the alert, else the reason in plain words. WeCom,
    /// DingTalk, Feishu and Telegram answer HTTP 200 with an error code in the body.</summary>
    public static string? Refusal(AlertChannelKind kind, HttpStatusCode status, string body)
    {
        var json = TryParse(body);
        var bodyError = kind switch
        {
            AlertChannelKind.WeCom or AlertChannelKind.DingTalk => Code(json, "errcode") is 0 ? null
                : $"error {Code(json, "errcode")?.ToString(CultureInfo.InvariantCulture) ?? "?"}: {Text(json, "errmsg")}",
            AlertChannelKind.Feishu => (Code(json, "code") ?? Code(json, "StatusCode")) is 0 ? null
                : $"error {(Code(json, "code") ?? Code(json, "StatusCode"))?.ToString(CultureInfo.InvariantCulture) ?? "?"}: {Text(json, "msg") ?? Text(json, "StatusMessage")}",
            AlertChannelKind.Telegram => json?["ok"]?.GetValueKind() == JsonValueKind.True ? null : $"{Text(json, "description")}",
            _ => null,
        };
        if ((int)status is < 200 or > 299)
            return $"HTTP {(int)status}" + (bodyError is null ? Short(body) : $", {bodyError}");
        return bodyError;
    }

    private static HttpRequestMessage Webhook(AlertTarget target, AlertMessage message)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["source"] = "SmtpPortal",
            ["condition"] = message.Condition,
            ["state"] = message.State.ToString().ToLowerInvariant(),
            ["title"] = message.Title,
            ["text"] = message.Text,
            ["at"] = message.At.ToString("O", CultureInfo.InvariantCulture),
        });
        var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        request.Headers.Add(SignatureHeader, WebhookSignature(body, target.Secret!));
        return request;
    }

    private static string DingTalkUrl(AlertTarget target, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(target.Secret))
            return target.Url!;
        var timestamp = now.ToUnixTimeMilliseconds();
        var separator = target.Url!.Contains('?') ? '&' : '?';
        return $"{target.Url}{separator}timestamp={timestamp}&sign={Uri.EscapeDataString(DingTalkSign(timestamp, target.Secret))}";
    }

    private static JsonObject FeishuBody(AlertTarget target, AlertMessage message, DateTimeOffset now)
    {
        var body = new JsonObject();
        if (!string.IsNullOrEmpty(target.Secret))
        {
            var timestamp = now.ToUnixTimeSeconds();
            body["timestamp"] = timestamp.ToString(CultureInfo.InvariantCulture);
            body["sign"] = FeishuSign(timestamp, target.Secret);
        }
        body["msg_type"] = "text";
        body["content"] = new JsonObject { ["text"] = message.PlainText };
        return body;
    }

    private static HttpRequestMessage Post(string url, JsonObject body) =>
        new(HttpMethod.Post, url) { Content = JsonContent.Create(body) };

    private static JsonNode? TryParse(string body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static long? Code(JsonNode? json, string name) =>
        json is JsonObject o && o[name] is JsonValue v && v.TryGetValue<long>(out var code) ? code : null;

    private static string? Text(JsonNode? json, string name) =>
        json is JsonObject o && o[name] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;

    private static string Short(string body) =>
        string.IsNullOrWhiteSpace(body) ? "" : ": " + (body.Length <= 200 ? body.Trim() : body[..200].Trim() + "…");
}
