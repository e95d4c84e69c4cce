using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmtpPortal.Alerts;
using SmtpPortal.Cli;
using SmtpPortal.History;
using SmtpPortal.Hosting;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Cli;

/// <summary>`alerts channels …` on the command line against a data directory in a temp folder,
/// with a webhook receiver of the tests as every channel's far end (Telegram's API too).</summary>
public sealed class AlertsCommandsTests : IAsyncLifetime
{
    private const string RobotKey = "robot-access-token-0123456789abcdef";
    private const string SigningSecret = "SEC0123456789abcdef0123456789";
    private const string BotToken = "123456789:AAE-telegram_bot_token_for_cli_tests";

    private readonly TempFolder _data = new();
    private readonly List<CommandLine.Run> _runs = [];
    private WebhookReceiver _receiver = default!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _receiver.DisposeAsync();
        _data.Dispose();
    }

    private async Task<CommandLine.Run> RunAsync(string stdin, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await PortalCommandLine.RunAsync(args, new CliConsole(output, error, new MemoryStream(Encoding.UTF8.GetBytes(stdin))),
            new Dictionary<string, string?>
            {
                ["SmtpPortal:DataDirectory"] = _data.Path,
                ["SmtpPortal:Alerts:TelegramApiBase"] = _receiver.BaseUrl.ToString(),
            }, Ct);
        var run = new CommandLine.Run(exit, output.ToString(), error.ToString());
        _runs.Add(run);
        return run;
    }

    private void AssertNoSecretPrinted()
    {
        var printed = string.Join("\n", _runs.Select(r => r.Out + r.Error));
        foreach (var secret in new[] { RobotKey, SigningSecret, BotToken })
            Assert.DoesNotContain(secret, printed);
    }

    private async Task<IReadOnlyList<AuditEntry>> HistoryAsync()
    {
        await using var provider = new ServiceCollection().AddLogging().AddSmtpPortalStorage(new DataDirectory(_data.Path)).BuildServiceProvider();
        return [.. (await provider.GetRequiredService<AuditLog>().FindAsync(new(), Ct)).OrderBy(e => e.Id)];
    }

    [Fact]
    public async Task AChannelAddedFromStandardInputIsListedTestedAndRemovedWithoutItsSecretsInAnyOutput()
    {
        var url = _receiver.Url($"/robot/send?access_token={RobotKey}");

        var add = await RunAsync($"{url}\n{SigningSecret}\n",
            "alerts", "channels", "add", "--kind", "dingtalk", "--name", "钉钉值班群", "--language", "zh-CN", "--url-stdin", "--secret-stdin");
        var list = await RunAsync("", "alerts", "channels", "list");
        var listJson = await RunAsync("", "alerts", "channels", "list", "--json");
        var test = await RunAsync("", "alerts", "channels", "test", "1");

        Assert.True(add.ExitCode == ExitCodes.Ok, add.Error);
        Assert.Equal("Added the DingTalk channel '钉钉值班群' (id 1, alerts in zh-CN). Send it a test alert: `alerts channels test 1`.", add.Out.Trim());
        Assert.Matches(@"^\s+1  钉钉值班群\s+dingtalk\s+zh-CN\s+added 2\d{3}-\d\d-\d\d \d\d:\d\d UTC$", list.Out.Trim('\n', '\r'));
        var listed = Assert.Single(JsonDocument.Parse(listJson.Out).RootElement.EnumerateArray());
        Assert.Equal(("钉钉值班群", "dingtalk", "zh-CN"),
            (listed.GetProperty("name").GetString(), listed.GetProperty("kind").GetString(), listed.GetProperty("language").GetString()));
        Assert.Equal(ExitCodes.Ok, test.ExitCode);
        Assert.Equal("Test alert delivered to '钉钉值班群'.", test.Out.Trim());
        var request = Assert.Single(_receiver.Requests);
        Assert.Equal(RobotKey, request.Query["access_token"]);
        Assert.Equal(AlertFormats.DingTalkSign(long.Parse(request.Query["timestamp"]), SigningSecret), request.Query["sign"]);
        Assert.StartsWith("SmtpPortal 测试告警", (string)request.Json["text"]!["content"]!);

        var remove = await RunAsync("", "alerts", "channels", "remove", "1");
        var again = await RunAsync("", "alerts", "channels", "remove", "1");

        Assert.Equal(ExitCodes.Ok, remove.ExitCode);
        Assert.Equal("Removed the alert channel 1.", remove.Out.Trim());
        Assert.Equal(ExitCodes.Invalid, again.ExitCode);
        Assert.Equal("No alert channel with this id.", again.Error.Trim());
        Assert.Contains("No alert channels yet", (await RunAsync("", "alerts", "channels", "list")).Out);
        AssertNoSecretPrinted();
        var history = await HistoryAsync();
        var actor = "cli:" + Environment.UserName;
        Assert.Equal([AuditAction.AlertChannelAdded, AuditAction.AlertSent, AuditAction.AlertChannelRemoved],
            history.Where(e => e.Actor == actor).Select(e => e.Action));
        Assert.All(history, e => Assert.DoesNotContain(RobotKey, e.Details));
    }

    [Fact]
    public async Task ABadUrlIsRefusedNamingItsOptionAndNothingIsStored()
    {
        var badUrl = await RunAsync($"ftp://example.com/{RobotKey}\n", "alerts", "channels", "add", "--kind", "wecom", "--name", "ops", "--url-stdin");
        var unknownKind = await RunAsync("", "alerts", "channels", "add", "--kind", "pager", "--name", "ops");
        var missingLine = await RunAsync(_receiver.Url("/x") + "\n", "alerts", "channels", "add", "--kind", "webhook", "--name", "hook", "--url-stdin", "--secret-stdin");

        Assert.Equal(ExitCodes.Invalid, badUrl.ExitCode);
        Assert.Equal("--url-stdin: Paste the robot's full webhook URL, starting with https://.\nNothing was stored.", badUrl.Error.Trim().ReplaceLineEndings("\n"));
        Assert.Equal(ExitCodes.Invalid, unknownKind.ExitCode);
        Assert.Equal("--kind: Choose a channel type: webhook, wecom, dingtalk, feishu, slack, telegram, email.\nNothing was stored.",
            unknownKind.Error.Trim().ReplaceLineEndings("\n"));
        Assert.Equal(ExitCodes.Invalid, missingLine.ExitCode);
        Assert.Equal("--url-stdin --secret-stdin: standard input has 1 line(s), but 2 were expected, one per option in this order. Nothing was stored.", missingLine.Error.Trim());
        Assert.Contains("No alert channels yet", (await RunAsync("", "alerts", "channels", "list")).Out);
        AssertNoSecretPrinted();
    }

    [Fact]
    public async Task ATelegramChannelTakesItsTokenFromStandardInputAndATestThatIsNotDeliveredExitsOne()
    {
        _receiver.Answer = _ => (401, """{"ok":false,"error_code":401,"description":"Unauthorized"}""");

        var add = await RunAsync(BotToken + "\n", "alerts", "channels", "add", "--kind", "telegram", "--name", "on call",
            "--bot-token-stdin", "--chat-id", "-1001234567890", "--json");
        var test = await RunAsync("", "alerts", "channels", "test", "1");
        var testJson = await RunAsync("", "alerts", "channels", "test", "1", "--json");

        Assert.True(add.ExitCode == ExitCodes.Ok, add.Error);
        Assert.Equal("telegram", JsonDocument.Parse(add.Out).RootElement.GetProperty("kind").GetString());
        Assert.Equal(ExitCodes.TestFailed, test.ExitCode);
        Assert.Equal("Test alert to 'on call' not delivered: HTTP 401, Unauthorized", test.Error.Trim());
        var outcome = JsonDocument.Parse(testJson.Out).RootElement;
        Assert.Equal(ExitCodes.TestFailed, testJson.ExitCode);
        Assert.False(outcome.GetProperty("delivered").GetBoolean());
        Assert.Equal("HTTP 401, Unauthorized", outcome.GetProperty("problem").GetString());
        Assert.Equal($"/bot{BotToken}/sendMessage", _receiver.Requests.First().Path);
        Assert.Equal("-1001234567890", (string)_receiver.Requests.First().Json["chat_id"]!);
        AssertNoSecretPrinted();
    }
}
