using Bunit;
using MudBlazor;
using SmtpPortal.Components.Pages.Dashboard;
using SmtpPortal.Components.Pages.SentMail;
using SmtpPortal.Relay;
using SmtpPortal.Smtp;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Components.Pages.SentMail;

public sealed class SentMailPageTests : PortalComponentContext
{
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    /// <summary>A message as the relay queues it (body file and row), then what delivery made of it.</summary>
    private async Task<long> QueueAsync(string subject, Func<RelayQueue, RelayMessage, Task>? outcome = null)
    {
        var body = System.Text.Encoding.ASCII.GetBytes($"From: app@example.com\r\nSubject: {subject}\r\n\r\nHi\r\n");
        var message = new RelayMessage
        {
            AppId = 1, AppName = "WordPress", ClientAddress = "127.0.0.1", EnvelopeFrom = "app@example.com",
            Recipients = "a@example.org\nb@example.org", RecipientCount = 2, Subject = subject, SizeBytes = 1234,
            MessageIdHeader = $"<{subject}@example.com>",
        };
        var queue = Get<RelayQueue>();
        var id = await queue.AcceptAsync(message, body);
        if (outcome is not null)
        {
            var claimed = Assert.Single(await queue.ClaimDueAsync(1));
            await outcome(queue, claimed);
        }
        return id;
    }

    private static Task Deferred(RelayQueue queue, RelayMessage message) => queue.RecordAttemptAsync(message,
        SendOutcome.Failed(SmtpFailureCategory.Temporary, new SmtpEvidence { ReplyCode = 451, ServerReply = "451 4.7.0 Try later" })
            with { Summary = "The server is temporarily unable to take the message." },
        permanent: false, DateTimeOffset.UtcNow);

    private static Task Failed(RelayQueue queue, RelayMessage message) => queue.RecordAttemptAsync(message,
        SendOutcome.Failed(SmtpFailureCategory.MessageRejected, new SmtpEvidence { ReplyCode = 550, ServerReply = "550 5.7.1 Rejected as spam" })
            with { Summary = "The server refused the message." },
        permanent: true, DateTimeOffset.UtcNow);

    [Fact]
    public async Task EveryMessageIsListedWithItsStateAndTheProvidersWordsInChinese()
    {
        using var _ = new UiCultureScope("zh-CN");
        await QueueAsync("waiting", Deferred);
        await QueueAsync("refused", Failed);
        Render<MudPopoverProvider>();

        var page = Render<SentMailPage>();

        var rows = page.WaitForElements("#send-log tbody tr");
        Assert.Equal(2, rows.Count);
        var failed = rows[0].TextContent;
        Assert.Contains("失败", failed);
        Assert.Contains("服务商拒收了邮件", failed);
        Assert.Contains("550 5.7.1 Rejected as spam", failed);
        Assert.Contains("a@example.org 等另外 1 位", failed);
        var deferred = rows[1].TextContent;
        Assert.Contains("延迟重试", deferred);
        Assert.Contains("服务商暂时拒收；下次尝试时间", deferred);
        Assert.Contains("立即重试", rows[1].InnerHtml);
    }

    [Fact]
    public async Task FiltersNarrowTheLogAndARowOpensItsAttempts()
    {
        await QueueAsync("waiting", Deferred);
        await QueueAsync("refused", Failed);
        Render<MudPopoverProvider>();
        var page = Render<SentMailPage>();
        page.WaitForElements("#send-log tbody tr");

        page.Find("#filter-text").Input("refused");
        page.WaitForAssertion(() => Assert.Single(page.FindAll("#send-log tbody tr")));
        page.Find("#send-log tbody tr").Click();

        var details = page.WaitForElement(".message-details").TextContent;
        Assert.Contains("<refused@example.com>", details);
        Assert.Contains("refused for good", details);
        Assert.Contains("550 5.7.1 Rejected as spam", details);
    }

    [Fact]
    public async Task RetryNowSendsADeferredMessageAtOnceWithAHistoryEntry()
    {
        var id = await QueueAsync("waiting", Deferred);
        Render<MudPopoverProvider>();
        var page = Render<SentMailPage>();

        var retried = Get<SendLogUpdates>().Next;
        page.WaitForElement($"button[aria-label='Retry message {id} now']").Click();
        // The click's handler goes on after Click() returns (it awaits the database): wait for its change.
        await retried.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        var (message, _) = await Get<SendLog>().GetAsync(id, Ct);
        Assert.True(message!.NextAttemptAt <= DateTimeOffset.UtcNow);
        Assert.Single(await Get<SmtpPortal.History.AuditLog>().FindAsync(new(SmtpPortal.History.AuditAction.RelayMessageRetried), Ct));
    }

    [Fact]
    public async Task TheDashboardShowsTodaysFiguresTheQueueAndTheLastError()
    {
        await QueueAsync("waiting", Deferred);
        await QueueAsync("refused", Failed);
        await QueueAsync("new");

        var card = Render<RelayFiguresCard>();

        card.WaitForElement("#relay-figures");
        Assert.Equal("0", card.Find("#relay-delivered-today").TextContent.Trim());
        Assert.Equal("1", card.Find("#relay-failed-today").TextContent.Trim());
        Assert.Equal("2", card.Find("#relay-queue").TextContent.Trim());
        Assert.NotEqual("none", card.Find("#relay-oldest-deferred").TextContent.Trim());
        Assert.Contains("550 5.7.1 Rejected as spam", card.Find("#relay-last-error").TextContent);
    }
}
