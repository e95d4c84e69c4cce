using Bunit;
using MudBlazor;
using SmtpPortal.Alerts;
using SmtpPortal.Components.Pages.Alerts;
using SmtpPortal.History;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Components.Pages.Alerts;

public sealed class AlertsPageTests : PortalComponentContext
{
    // An upper bound for renders that wait on real SQLite and HTTP I/O on a busy machine, not a timing check.
    private static readonly TimeSpan RealIo = TimeSpan.FromSeconds(30);
    private readonly WebhookReceiver _receiver = WebhookReceiver.StartAsync().GetAwaiter().GetResult();

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
            _receiver.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private IRenderedComponent<AlertsPage> RenderPage()
    {
        Render<MudPopoverProvider>();
        var page = Render<AlertsPage>();
        page.WaitForElement("#channel-name", RealIo);
        return page;
    }

    private static void ClickButton(IRenderedComponent<AlertsPage> page, string text) =>
        page.FindAll("button").First(b => b.TextContent.Trim() == text).Click();

    [Fact]
    public async Task AnAddedChannelIsListedNeverShowsItsAddressAgainAndItsTestAlertArrives()
    {
        var page = RenderPage();

        page.Find("#channel-name").Change("ops group");
        page.Find("#channel-url").Change(_receiver.Url("/cgi-bin/webhook/send?key=private-robot-key"));
        ClickButton(page, "Add channel");

        page.WaitForAssertion(() => Assert.Contains("ops group", page.Find("#channels tbody").TextContent), RealIo);
        Assert.Contains("WeCom group robot", page.Find("#channels tbody").TextContent);
        Assert.DoesNotContain("private-robot-key", page.Markup);
        var stored = Assert.Single(await Get<AlertChannelStore>().ListAsync(Ct));
        Assert.DoesNotContain("private-robot-key", stored.ProtectedTarget);

        page.Find("#channels .send-test").Click();

        page.WaitForAssertion(() => Assert.Equal("Test alert delivered.", page.Find(".test-result").TextContent.Trim()), RealIo);
        var request = Assert.Single(_receiver.Requests);
        Assert.Equal("private-robot-key", request.Query["key"]);
        Assert.Equal("admin", Assert.Single(await AuditTable.EntriesAsync(Get<Microsoft.EntityFrameworkCore.IDbContextFactory<SmtpPortal.Data.PortalDbContext>>(), AuditAction.AlertSent)).Actor);
    }

    [Fact]
    public async Task ATestAlertThatFailsSaysWhyOnTheRow()
    {
        _receiver.Answer = _ => (200, """{"errcode":93000,"errmsg":"invalid webhook url"}""");
        await Get<AlertChannelStore>().AddAsync(new AlertChannelInput
        {
            Name = "wrong key", Kind = AlertChannelKind.WeCom, Url = _receiver.Url("/cgi-bin/webhook/send?key=x"),
        }, new AuditActor("admin", null), Ct);
        var page = RenderPage();
        page.WaitForElement("#channels .send-test", RealIo);

        page.Find("#channels .send-test").Click();

        page.WaitForAssertion(() => Assert.Equal("Not delivered: error 93000: invalid webhook url", page.Find(".test-result").TextContent.Trim()), RealIo);
    }

    [Fact]
    public async Task InChineseATestAlertToAClosedPortSaysItCouldNotConnectAndHistoryStaysEnglish()
    {
        using var _ = new UiCultureScope("zh-CN");
        await Get<AlertChannelStore>().AddAsync(new AlertChannelInput
        {
            Name = "值班群", Kind = AlertChannelKind.Slack, Language = "zh-CN",
            Url = $"http://127.0.0.1:{LocalSmtpServer.FreePort()}/services/closed",
        }, new AuditActor("admin", null), Ct);
        var page = RenderPage();
        page.WaitForElement("#channels .send-test", RealIo);

        page.Find("#channels .send-test").Click();

        page.WaitForAssertion(() => Assert.Equal("未送达：无法连接到对方服务器", page.Find(".test-result").TextContent.Trim()), RealIo);
        var entry = Assert.Single(await AuditTable.EntriesAsync(Get<Microsoft.EntityFrameworkCore.IDbContextFactory<SmtpPortal.Data.PortalDbContext>>(), AuditAction.AlertFailed));
        Assert.Equal("Slack '值班群': SmtpPortal test alert; not delivered: could not connect to the host", entry.Details);
    }

    [Fact]
    public async Task InChineseBadInputIsRefusedNextToEachFieldAndTelegramAsksForItsTokenAndChat()
    {
        using var _ = new UiCultureScope("zh-CN");
        var page = RenderPage();
        Assert.Equal("告警", page.Find("h1").TextContent.Trim());

        ClickButton(page, "添加渠道");

        page.WaitForAssertion(() => Assert.Contains("请填写渠道名称。", page.Markup), RealIo);
        Assert.Contains("请粘贴机器人完整的 Webhook 地址，以 https:// 开头。", page.Markup);

        var kind = page.FindComponent<MudSelect<AlertChannelKind>>();
        await page.InvokeAsync(() => kind.Instance.ValueChanged.InvokeAsync(AlertChannelKind.Telegram));
        Assert.Empty(page.FindAll("#channel-url"));
        page.Find("#channel-name").Change("值班群");
        page.Find("#channel-bot-token").Change("not a token");
        page.Find("#channel-chat-id").Change("-1001234567890");
        ClickButton(page, "添加渠道");

        page.WaitForAssertion(() => Assert.Contains("Bot Token 的格式类似 123456789:AAE…（向 @BotFather 申请）。", page.Markup), RealIo);
        Assert.Contains("通过 @BotFather 创建机器人并复制 Token", page.Find(".kind-help").TextContent);
        Assert.Empty(await Get<AlertChannelStore>().ListAsync(Ct));
    }

    [Fact]
    public async Task AFailingConditionIsShownWithItsTitle()
    {
        await Get<AlertService>().ReportAsync(ScheduledCheck.CheckFailed, true, L => "x", Ct);

        var page = RenderPage();

        page.WaitForAssertion(() => Assert.StartsWith("Scheduled check failed: this server's mail is not going out (since ",
            page.Find(".failing-condition").TextContent.Trim()), RealIo);
        Assert.Contains("No alert channels yet", page.Find("#channels").TextContent);
    }

    [Fact]
    public void EveryWatchedConditionIsListedWithItsThresholdAndTheRelaysAreNotWatchedWhileItIsOff()
    {
        var page = RenderPage();

        page.WaitForAssertion(() => Assert.Equal(8, page.FindAll("#watched tbody tr").Count), RealIo);
        // Each cell's text; the settings column is one <code> per key.
        string Row(string key) => string.Join(" | ", page.FindAll($"#watched tr[data-condition={key}] td").Select(cell =>
            cell.QuerySelectorAll("code").Length > 0 ? string.Join(" ", cell.QuerySelectorAll("code").Select(c => c.TextContent)) : cell.TextContent.Trim()));
        Assert.Equal("Relayed mail delayed | a relayed message has waited for a retry longer than 30 minutes | SmtpPortal:Alerts:RelayDeferredMinutes | not watched",
            Row(RelayAlerts.Delayed));
        Assert.Equal("Relayed mail refused | at least 3 relayed messages failed for good within 60 minutes, none delivered after the first of them "
            + "| SmtpPortal:Alerts:RelayFailedMessages SmtpPortal:Alerts:RelayFailedWindowMinutes | not watched", Row(RelayAlerts.Refused));
        Assert.Equal("Relay queue | more than 500 messages wait in the relay's queue | SmtpPortal:Alerts:RelayQueueMessages | not watched", Row(RelayAlerts.QueueLong));
        Assert.Equal("Password age | the SMTP password is older than 180 days | SmtpPortal:PasswordMaxAgeDays | OK", Row(ScheduledCheck.PasswordOld));
        Assert.Equal("Scheduled check | the scheduled check (every 24 hours) cannot connect or log in | SmtpPortal:Alerts:CheckIntervalMinutes | OK",
            Row(ScheduledCheck.CheckFailed));
        Assert.Equal("OAuth sign-in | the scheduled check cannot get a new access token from Microsoft or Google |  | OK", Row(ScheduledCheck.OAuthRefreshFailed));
        Assert.Equal("Fallback provider | the relay would switch to a fallback provider: none is set |  | not watched",
            Row(SmtpPortal.Fallback.ProviderFailover.AlertKey));
        Assert.Equal("The relay is off, so its conditions are not watched.", page.Find("#relay-watch").TextContent.Trim());
    }

    [Fact]
    public async Task InChineseTheRelaysConditionsShowTheirThresholdsAndWhichOneFails()
    {
        using var _ = new UiCultureScope("zh-CN");
        await Get<SmtpPortal.Relay.RelayStateStore>().SetEnabledAsync(true, new AuditActor("admin", null), Ct);
        await Get<AlertService>().ReportAsync(RelayAlerts.Refused, true, L => "x", Ct);

        var page = RenderPage();

        page.WaitForAssertion(() => Assert.Equal(8, page.FindAll("#watched tbody tr").Count), RealIo);
        Assert.Equal(["监控项", "何时告警", "配置项", "当前状态"], page.FindAll("#watched th").Select(c => c.TextContent.Trim()));
        var cells = page.FindAll($"#watched tr[data-condition={RelayAlerts.Refused}] td").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal("中继邮件被拒", cells[0]);
        Assert.Equal("60 分钟内至少有 3 封中继邮件投递失败且不再重试，其后没有一封送达", cells[1]);
        Assert.StartsWith("自 ", cells[3]);
        Assert.EndsWith(" 起异常", cells[3]);
        Assert.Equal("有中继邮件等待重试超过 30 分钟",
            page.Find($"#watched tr[data-condition={RelayAlerts.Delayed}] .alerts-when").TextContent.Trim());
        Assert.Equal("正常", page.Find($"#watched tr[data-condition={RelayAlerts.QueueLong}] .condition-state").TextContent.Trim());
        Assert.Equal("中继队列中等待的邮件超过 500 封",
            page.Find($"#watched tr[data-condition={RelayAlerts.QueueLong}] .alerts-when").TextContent.Trim());
        Assert.Equal("SMTP 密码已使用超过 180 天", page.Find($"#watched tr[data-condition={ScheduledCheck.PasswordOld}] .alerts-when").TextContent.Trim());
        Assert.Equal("中继开启期间，每分钟检查一次中继的各项监控。", page.Find("#relay-watch").TextContent.Trim());
        Assert.Equal("中继会在主服务商故障时切换到备用服务商：目前未设置",
            page.Find($"#watched tr[data-condition={SmtpPortal.Fallback.ProviderFailover.AlertKey}] .alerts-when").TextContent.Trim());
        Assert.StartsWith("中继邮件被拒：多封邮件投递失败且不再重试（自 ", page.Find(".failing-condition").TextContent.Trim());
    }
}
