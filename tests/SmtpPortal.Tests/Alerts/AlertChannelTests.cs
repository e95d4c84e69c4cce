using System.Security.Cryptography;
using System.Text;
using SmtpPortal.Alerts;
using SmtpPortal.History;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Alerts;

/// <summary>"Send test alert" to every format, checked by a webhook receiver of the tests: the body
/// each chat app documents and a signature computed here, independently of the portal's code.</summary>
public sealed class AlertChannelTests : IAsyncLifetime
{
    private const string WebhookSecret = "a webhook signing secret";
    private const string DingTalkSecret = "SEC0123456789abcdef0123456789abcdef";
    private const string FeishuSecret = "feishu-signing-secret";
    private AlertTestBed _bed = default!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _bed = await AlertTestBed.StartAsync();

    public async ValueTask DisposeAsync() => await _bed.DisposeAsync();

    private async Task<ReceivedRequest> SendTestAsync(AlertChannel channel)
    {
        var delivery = await _bed.Alerts.SendTestAsync(channel.Id, AlertTestBed.Admin, Ct);
        Assert.NotNull(delivery);
        Assert.True(delivery.Succeeded, delivery.Problem?.ToString());
        return Assert.Single(_bed.Receiver.Requests);
    }

    [Fact]
    public async Task AWebhookAlertIsJsonSignedWithHmacSha256OfItsExactBody()
    {
        var request = await SendTestAsync(await _bed.AddAsync(AlertChannelKind.Webhook, "/hook", WebhookSecret));

        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(WebhookSecret), request.Body));
        Assert.Equal(expected, request.Headers["X-SmtpPortal-Signature"]);
        Assert.StartsWith("application/json", request.Headers["Content-Type"]);
        var json = request.Json;
        Assert.Equal("SmtpPortal", (string?)json["source"]);
        Assert.Equal("test", (string?)json["state"]);
        Assert.Equal("SmtpPortal test alert", (string?)json["title"]);
        Assert.Contains("If you can read this, SmtpPortal's alerts reach this channel.", (string?)json["text"]);
        Assert.Equal(AlertTestBed.Start, DateTimeOffset.Parse((string)json["at"]!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task ADingTalkAlertCarriesTheTimestampAndSignDingTalkDocuments()
    {
        var request = await SendTestAsync(await _bed.AddAsync(AlertChannelKind.DingTalk, "/robot/send?access_token=dt-token", DingTalkSecret));

        Assert.Equal("dt-token", request.Query["access_token"]);
        var timestamp = request.Query["timestamp"];
        Assert.Equal(AlertTestBed.Start.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), timestamp);
        // DingTalk: Base64(HmacSHA256(key = secret, data = timestamp + "\n" + secret)), URL-encoded in the query.
        var sign = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(DingTalkSecret), Encoding.UTF8.GetBytes(timestamp + "\n" + DingTalkSecret)));
        Assert.Equal(sign, request.Query["sign"]);
        Assert.Equal("text", (string?)request.Json["msgtype"]);
        Assert.StartsWith("SmtpPortal test alert\n\nIf you can read this", (string?)request.Json["text"]!["content"]);
    }

    [Fact]
    public async Task AFeishuAlertCarriesTheTimestampAndSignInItsBody()
    {
        _bed.Receiver.Answer = _ => (200, """{"code":0,"msg":"success","data":{}}""");
        var request = await SendTestAsync(await _bed.AddAsync(AlertChannelKind.Feishu, "/open-apis/bot/v2/hook/fs", FeishuSecret));

        var json = request.Json;
        var timestamp = (string)json["timestamp"]!;
        Assert.Equal(AlertTestBed.Start.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), timestamp);
        // Feishu: Base64(HmacSHA256(key = timestamp + "\n" + secret, data = nothing)).
        var sign = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(timestamp + "\n" + FeishuSecret), Array.Empty<byte>()));
        Assert.Equal(sign, (string?)json["sign"]);
        Assert.Equal("text", (string?)json["msg_type"]);
        Assert.StartsWith("SmtpPortal test alert", (string?)json["content"]!["text"]);
    }

    [Fact]
    public async Task AWeComAlertIsATextMessageToTheRobotsKey()
    {
        var request = await SendTestAsync(await _bed.AddAsync(AlertChannelKind.WeCom, "/cgi-bin/webhook/send?key=wecom-key"));

        Assert.Equal("wecom-key", request.Query["key"]);
        Assert.Equal("text", (string?)request.Json["msgtype"]);
        Assert.StartsWith("SmtpPortal test alert\n\n", (string?)request.Json["text"]!["content"]);
    }

    [Fact]
    public async Task ASlackAlertIsOneTextFieldWithABoldTitle()
    {
        _bed.Receiver.Answer = _ => (200, "ok");
        var request = await SendTestAsync(await _bed.AddAsync(AlertChannelKind.Slack, "/services/T000/B000/slack"));

        Assert.StartsWith("*SmtpPortal test alert*\nIf you can read this", (string?)request.Json["text"]);
    }

    [Fact]
    public async Task ATelegramAlertGoesToTheBotsSendMessageWithTheChatId()
    {
        _bed.Receiver.Answer = _ => (200, """{"ok":true,"result":{"message_id":1}}""");
        var request = await SendTestAsync(await _bed.AddAsync(AlertChannelKind.Telegram, "-"));

        Assert.Equal("/bot123456789:AAE-telegram_bot_token_for_tests/sendMessage", request.Path);
        Assert.Equal("-1001234567890", (string?)request.Json["chat_id"]);
        Assert.StartsWith("SmtpPortal test alert", (string?)request.Json["text"]);
    }

    [Fact]
    public async Task AChannelThatAnswersWithItsErrorCodeIsNotDeliveredAndHistorySaysWhy()
    {
        _bed.Receiver.Answer = _ => (200, """{"errcode":310000,"errmsg":"sign not match"}""");
        var channel = await _bed.AddAsync(AlertChannelKind.DingTalk, "/robot/send?access_token=dt-token", DingTalkSecret);

        var delivery = await _bed.Alerts.SendTestAsync(channel.Id, AlertTestBed.Admin, Ct);

        Assert.False(delivery!.Succeeded);
        Assert.Equal(new DeliveryProblem("Refused", "error 310000: sign not match"), delivery.Problem);
        var entry = Assert.Single(await _bed.HistoryAsync(AuditAction.AlertFailed));
        Assert.Equal("admin", entry.Actor);
        Assert.Equal($"DingTalk '{channel.Name}': SmtpPortal test alert; not delivered: error 310000: sign not match", entry.Details);
        Assert.Empty(await _bed.HistoryAsync(AuditAction.AlertSent));
    }

    [Fact]
    public async Task AChineseChannelGetsItsTestAlertInChinese()
    {
        var request = await SendTestAsync(await _bed.AddAsync(AlertChannelKind.WeCom, "/cgi-bin/webhook/send?key=k", language: "zh-CN"));

        Assert.StartsWith("SmtpPortal 测试告警\n\n能看到这条消息，说明 SmtpPortal 的告警可以送达这里。", (string?)request.Json["text"]!["content"]);
        // The History stays in one language for every reader.
        Assert.EndsWith(": SmtpPortal test alert", Assert.Single(await _bed.HistoryAsync(AuditAction.AlertSent)).Details);
    }

    [Fact]
    public async Task ChannelUrlsAndSecretsAreStoredOnlyEncryptedAndNeverLogged()
    {
        await _bed.AddAsync(AlertChannelKind.Webhook, "/hook-with-private-path", WebhookSecret, name: "ops webhook");
        var telegram = await _bed.AddAsync(AlertChannelKind.Telegram, "-", name: "ops telegram");
        _bed.Receiver.Answer = _ => (200, """{"ok":true}""");
        await _bed.Alerts.SendTestAsync(telegram.Id, AlertTestBed.Admin, Ct);

        var stored = await AlertDatabaseFiles.ReadAllAsync(_bed.DataPath);
        Assert.DoesNotContain("hook-with-private-path", stored);
        Assert.DoesNotContain(WebhookSecret, stored);
        Assert.DoesNotContain("telegram_bot_token_for_tests", stored);
        Assert.DoesNotContain(_bed.Logs.Lines, line => line.Contains("telegram_bot_token_for_tests") || line.Contains("hook-with-private-path"));
        Assert.Equal(2, (await _bed.HistoryAsync(AuditAction.AlertChannelAdded)).Count);
    }

    [Fact]
    public async Task BadChannelInputIsRefusedFieldByFieldAndNothingIsStored()
    {
        var input = new AlertChannelInput { Name = " ", Kind = AlertChannelKind.Webhook, Url = "ftp://example.com/x", Secret = "short" };

        var saved = await _bed.Channels.AddAsync(input, AlertTestBed.Admin, Ct);

        Assert.False(saved.Succeeded);
        Assert.Equal("Give the channel a name.", saved.Problems["Name"]);
        Assert.Equal("Paste the robot's full webhook URL, starting with https://.", saved.Problems["Url"]);
        Assert.Equal("The signing secret needs at least 16 characters: the receiver verifies the signature with it.", saved.Problems["Secret"]);
        using (new UiCultureScope("zh-CN"))
        {
            var dingTalk = _bed.Channels.Check(new AlertChannelInput { Name = "钉钉", Kind = AlertChannelKind.DingTalk, Url = "https://oapi.dingtalk.com/robot/send?access_token=x", Secret = "nope" });
            Assert.Equal("钉钉的加签密钥以 SEC 开头（机器人安全设置 → 加签）。", Assert.Single(dingTalk).Value);
            var telegram = _bed.Channels.Check(new AlertChannelInput { Name = "tg", Kind = AlertChannelKind.Telegram, BotToken = "12:x", ChatId = "me" });
            Assert.Equal("Bot Token 的格式类似 123456789:AAE…（向 @BotFather 申请）。", telegram["BotToken"]);
            Assert.Equal("Chat ID 是一串数字（群组的以 - 开头），或 @频道名。", telegram["ChatId"]);
        }
        Assert.Empty(await _bed.Channels.ListAsync(Ct));
    }
}
