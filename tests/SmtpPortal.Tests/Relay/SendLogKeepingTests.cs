using Microsoft.EntityFrameworkCore;
using SmtpPortal.Data;
using SmtpPortal.Relay;
using SmtpPortal.Smtp;
using SmtpServer.Protocol;

namespace SmtpPortal.Tests.Relay;

/// <summary>How long the relay keeps trying a message and keeps its line in the send log, and
/// what it writes down about a message (subjects only when the admin wants them).</summary>
public sealed class SendLogKeepingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AMessageStillDeferredAtTheEndOfItsLifetimeFailsSayingWhyAndItsBodyGoes()
    {
        await using var bed = await RelayTestBed.StartAsync(new Dictionary<string, string?> { ["SmtpPortal:Relay:MessageLifetimeHours"] = "2" });
        var (app, secret) = await bed.CreateAppAsync();
        // More refusals than the two hours leave room for: the provider never takes it.
        for (var i = 0; i < 20; i++)
            bed.Provider.DataReplies.Enqueue(new SmtpResponse((SmtpReplyCode)451, "4.3.0 Mailbox temporarily unavailable"));
        using var client = await bed.ConnectAsync(app.UserName, secret);
        await client.SendAsync(RelayTestBed.Message(), Ct);

        RelayMessage message;
        for (var attempts = 1; ; attempts++)
        {
            var log = await bed.WaitForLogAsync(log => log.Single().Attempts == attempts && log.Single().Status != RelayMessageStatus.Sending,
                $"attempt {attempts} recorded");
            message = log.Single();
            if (message.Status != RelayMessageStatus.Deferred)
                break;
            bed.Clock.Advance(RetrySchedule.After(attempts));
            bed.Get<QueueSignal>().Wake();
        }

        Assert.Equal(RelayMessageStatus.Failed, message.Status);
        // Attempts at 0, 1, 6, 16, 36 and 76 minutes; the next retry (after an hour) would fall past two hours.
        Assert.Equal(6, message.Attempts);
        Assert.Equal(RelayReasons.Expired, message.LastReasonCode);
        Assert.StartsWith("Gave up after 2 hours of retries. Last reason:", message.LastReason);
        Assert.Contains("451", message.LastReply);
        Assert.Null(message.BodyFile);
        Assert.Empty(bed.Provider.Messages);
    }

    [Fact]
    public async Task FinishedLinesLeaveTheSendLogAfterTheRetentionWhileQueuedOnesStay()
    {
        await using var bed = await RelayTestBed.StartAsync(new Dictionary<string, string?> { ["SmtpPortal:Relay:LogRetentionDays"] = "30" });
        var (app, secret) = await bed.CreateAppAsync();
        using var client = await bed.ConnectAsync(app.UserName, secret);
        await client.SendAsync(RelayTestBed.Message(subject: "Delivered long ago"), Ct);
        await bed.WaitForLogAsync(log => log.Any(m => m.Status == RelayMessageStatus.Delivered), "the first message delivered");

        // A second message waits for a provider that defers it for longer than the retention.
        bed.Provider.DataReplies.Enqueue(new SmtpResponse((SmtpReplyCode)451, "4.7.0 Try again later"));
        await client.SendAsync(RelayTestBed.Message(subject: "Still waiting"), Ct);
        await bed.WaitForLogAsync(log => log.Any(m => m.Status == RelayMessageStatus.Deferred), "the second message deferred");
        await bed.Get<RelayQueue>().HoldAsync((await bed.LogAsync()).Single(m => m.Status == RelayMessageStatus.Deferred),
            bed.Clock.GetUtcNow() + TimeSpan.FromDays(40), null, null);

        var delivered = (await bed.LogAsync()).Single(m => m.Status == RelayMessageStatus.Delivered);
        bed.Clock.Advance(TimeSpan.FromDays(29));
        Assert.Equal(0, await bed.Get<RelayQueue>().PurgeAsync(Ct));
        Assert.Equal(2, (await bed.LogAsync()).Count);

        // The delivery service's own hourly housekeeping drops it once 30 days have passed.
        bed.Clock.Advance(TimeSpan.FromDays(2));
        bed.Get<QueueSignal>().Wake();
        var left = Assert.Single(await bed.WaitForLogAsync(log => log.Count == 1, "the delivered line purged after 30 days"));
        Assert.Equal(RelayMessageStatus.Deferred, left.Status);
        await using var db = await bed.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        Assert.Empty(db.RelayAttempts.Where(a => a.MessageId == delivered.Id));
        Assert.NotEmpty(db.RelayAttempts.Where(a => a.MessageId == left.Id));
    }

    [Fact]
    public async Task SubjectsAreWrittenDownOnlyAfterTheAdminTurnsThemOn()
    {
        await using var bed = await RelayTestBed.StartAsync();
        var (app, secret) = await bed.CreateAppAsync();
        using var client = await bed.ConnectAsync(app.UserName, secret);

        await client.SendAsync(RelayTestBed.Message(subject: "Your password reset code is 482913"), Ct);
        var first = Assert.Single(await bed.WaitForLogAsync(log => log.Count == 1, "the first message logged"));
        Assert.Null(first.Subject);

        await bed.Get<RelayStateStore>().SetRecordSubjectsAsync(true, RelayTestBed.Admin, Ct);
        await bed.Get<RelayListenerService>().ApplyAsync(Ct);
        await client.SendAsync(RelayTestBed.Message(subject: "Order 1047 has shipped"), Ct);
        var log = await bed.WaitForLogAsync(log => log.Count == 2, "the second message logged");
        Assert.Equal("Order 1047 has shipped", log.Single(m => m.Id != first.Id).Subject);
        Assert.Null(log.Single(m => m.Id == first.Id).Subject);
    }
}
