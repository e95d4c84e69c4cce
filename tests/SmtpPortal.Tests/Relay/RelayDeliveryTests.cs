using MimeKit;
using SmtpPortal.Relay;
using SmtpPortal.Smtp;
using SmtpPortal.Tests.TestSupport;
using SmtpServer.Protocol;

namespace SmtpPortal.Tests.Relay;

/// <summary>Mail an app hands to the relay reaches the provider (an SMTP server of the test),
/// with retries for what may pass and none for what will not.</summary>
public sealed class RelayDeliveryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AMessageFromAnAppArrivesAtTheProviderWithTheAppsEnvelopeAndHeaders()
    {
        await using var bed = await RelayTestBed.StartAsync();
        var (app, secret) = await bed.CreateAppAsync();
        using var client = await bed.ConnectAsync(app.UserName, secret);
        var message = RelayTestBed.Message(subject: "Your order #1042");
        message.Cc.Add(MailboxAddress.Parse("second@example.org"));
        message.Bcc.Add(MailboxAddress.Parse("hidden@example.org"));

        var reply = await client.SendAsync(message, Ct);
        await bed.Provider.WaitForMessagesAsync(1);

        Assert.StartsWith("2.0.0 Queued as ", reply);
        var (from, to) = Assert.Single(bed.Provider.Envelopes);
        Assert.Equal("portal@example.test", from);
        Assert.Equal(["hidden@example.org", "second@example.org", "someone@example.org"], to.Order());
        var arrived = Assert.Single(bed.Provider.Messages);
        Assert.Equal("Your order #1042", arrived.Subject);
        Assert.Equal(message.MessageId, arrived.MessageId);
        Assert.Equal("portal@example.test", arrived.From.Mailboxes.Single().Address);
        Assert.Empty(arrived.Bcc);
        var logged = Assert.Single(await bed.WaitForLogAsync(log => log.Any(m => m.Status == RelayMessageStatus.Delivered), "a delivered message"));
        Assert.Equal(app.Name, logged.AppName);
        Assert.Equal(3, logged.RecipientCount);
        Assert.Equal(1, logged.Attempts);
        Assert.Null(logged.Subject);
        Assert.Null(logged.BodyFile);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(bed.DataPath, "relay", "queue")));
    }

    [Fact]
    public async Task AProviderThatAnswers451IsTriedAgainLaterAndTheMessageArrives()
    {
        await using var bed = await RelayTestBed.StartAsync();
        var (app, secret) = await bed.CreateAppAsync();
        bed.Provider.DataReplies.Enqueue(new SmtpResponse((SmtpReplyCode)451, "4.7.0 Try again later"));
        using var client = await bed.ConnectAsync(app.UserName, secret);

        await client.SendAsync(RelayTestBed.Message(), Ct);
        var deferred = Assert.Single(await bed.WaitForLogAsync(log => log.Any(m => m.Status == RelayMessageStatus.Deferred), "a deferred message"));
        Assert.Empty(bed.Provider.Messages);
        Assert.Contains("451", deferred.LastReply);
        Assert.Equal(nameof(SmtpFailureCategory.Temporary), deferred.LastReasonCode);

        bed.Clock.Advance(TimeSpan.FromMinutes(1));
        await bed.Provider.WaitForMessagesAsync(1);
        var delivered = Assert.Single(await bed.WaitForLogAsync(log => log.Any(m => m.Status == RelayMessageStatus.Delivered), "the retry delivered"));
        Assert.Equal(2, delivered.Attempts);
        var (_, attempts) = await bed.Get<SendLog>().GetAsync(delivered.Id, Ct);
        Assert.Collection(attempts, first => Assert.False(first.Delivered), second => Assert.True(second.Delivered));
    }

    [Fact]
    public async Task AProviderThatAnswers550FailsTheMessageOnceWithoutRetries()
    {
        await using var bed = await RelayTestBed.StartAsync();
        var (app, secret) = await bed.CreateAppAsync();
        bed.Provider.DataReplies.Enqueue(new SmtpResponse((SmtpReplyCode)550, "5.7.1 Message rejected as spam"));
        using var client = await bed.ConnectAsync(app.UserName, secret);

        await client.SendAsync(RelayTestBed.Message(), Ct);
        var failed = Assert.Single(await bed.WaitForLogAsync(log => log.Any(m => m.Status == RelayMessageStatus.Failed), "a failed message"));
        bed.Clock.Advance(TimeSpan.FromHours(3));
        bed.Get<QueueSignal>().Wake();

        Assert.Equal(1, failed.Attempts);
        Assert.Contains("550", failed.LastReply);
        Assert.Null(failed.BodyFile);
        var again = Assert.Single(await bed.LogAsync());
        Assert.Equal(1, again.Attempts);
        Assert.Empty(bed.Provider.Messages);
    }
}
