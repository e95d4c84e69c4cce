using MimeKit;
using SmtpPortal.Relay;
using SmtpPortal.Smtp;
using SmtpPortal.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
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
    public async Task ALargeMessageIsQueuedAsAFileAndArrivesWhole()
    {
        await using var bed = await RelayTestBed.StartAsync();
        var (app, secret) = await bed.CreateAppAsync();
        using var client = await bed.ConnectAsync(app.UserName, secret);
        var message = RelayTestBed.Message(subject: "Monthly report");
        var attachment = new byte[600 * 1024];
        new Random(5).NextBytes(attachment);
        message.Body = new Multipart("mixed")
        {
            new TextPart("plain") { Text = "The report is attached." },
            new MimePart("application", "octet-stream") { FileName = "report.bin", Content = new MimeContent(new MemoryStream(attachment)) },
        };

        await client.SendAsync(message, Ct);
        await bed.Provider.WaitForMessagesAsync(1);

        var arrived = Assert.Single(bed.Provider.Messages);
        var part = Assert.Single(arrived.Attachments.OfType<MimePart>());
        using var content = new MemoryStream();
        await part.Content!.DecodeToAsync(content, Ct);
        Assert.Equal(attachment, content.ToArray());
        var logged = Assert.Single(await bed.WaitForLogAsync(log => log.Any(m => m.Status == RelayMessageStatus.Delivered), "delivered"));
        Assert.True(logged.SizeBytes > SmtpPortal.Relay.BodySpool.InlineLimit);
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

    [Fact]
    public async Task AMessageDeferredByAWrongPasswordGoesOutWhenTheAdminFixesIt()
    {
        await using var bed = await RelayTestBed.StartAsync(saveSettings: false);
        var store = bed.Get<SmtpPortal.Settings.SmtpSettingsStore>();
        Assert.True((await store.SaveAsync(LocalSettings.For(bed.Provider, password: "an expired password"), null, Ct)).Succeeded);
        var (app, secret) = await bed.CreateAppAsync();
        using var client = await bed.ConnectAsync(app.UserName, secret);
        await client.SendAsync(RelayTestBed.Message(), Ct);
        await client.SendAsync(RelayTestBed.Message(subject: "second"), Ct);

        var deferred = await bed.WaitForLogAsync(log => log.Count == 2 && log.All(m => m.Status == RelayMessageStatus.Deferred), "both deferred");
        Assert.All(deferred, m => Assert.Equal(nameof(SmtpFailureCategory.AuthenticationFailed), m.LastReasonCode));
        // One connection's login attempt (MailKit tries PLAIN, then LOGIN), not one per message:
        // the second message waits for the provider instead of knocking too.
        Assert.Equal(2, bed.Provider.Logins.Count);

        var current = await store.GetAsync(Ct);
        Assert.True((await store.SaveAsync(LocalSettings.For(bed.Provider), current!.Revision, Ct)).Succeeded);
        bed.Clock.Advance(SmtpPortal.Relay.Delivery.RelayDeliveryService.PollInterval);

        await bed.Provider.WaitForMessagesAsync(2);
        await bed.WaitForLogAsync(log => log.All(m => m.Status == RelayMessageStatus.Delivered), "both delivered");
    }

    [Fact]
    public async Task DeliveriesArePacedUnderTheProvidersPublishedLimit()
    {
        await using var bed = await RelayTestBed.StartAsync(prepareData: data => File.WriteAllText(Path.Combine(data, "sending-limits.json"),
            """{ "custom": { "messagesPerMinute": 2, "sources": ["test"] } }"""));
        var (app, secret) = await bed.CreateAppAsync();
        using var client = await bed.ConnectAsync(app.UserName, secret);
        for (var i = 0; i < 3; i++)
            await client.SendAsync(RelayTestBed.Message(subject: $"newsletter {i}"), Ct);

        var log = await bed.WaitForLogAsync(log => log.Count(m => m.Status == RelayMessageStatus.Delivered) == 2
            && log.Any(m => m.Status == RelayMessageStatus.Deferred), "two delivered and one held back");
        var held = log.Single(m => m.Status == RelayMessageStatus.Deferred);
        Assert.Equal("Paced:MessagesPerMinute", held.LastReasonCode);
        Assert.Equal(0, held.Attempts);
        Assert.Equal(bed.Clock.GetUtcNow() + TimeSpan.FromMinutes(1), held.NextAttemptAt);
        Assert.Equal(2, bed.Provider.Messages.Count);

        bed.Clock.Advance(TimeSpan.FromMinutes(1));
        await bed.Provider.WaitForMessagesAsync(3);
    }

    [Fact]
    public async Task AnAppThatCannotDoOAuthSendsThroughAnOAuthSignIn()
    {
        await using var authorization = await LocalAuthorizationServer.StartAsync();
        await using var xoauth = new XOAuth2SmtpServer(OAuthTestBed.Account, () => authorization.CurrentAccessToken);
        await using var bed = await RelayTestBed.StartAsync(saveSettings: false,
            services: s => s.AddSingleton(OAuthTestBed.CatalogPointedAt(authorization)));
        var saved = await bed.Get<SmtpPortal.Settings.SmtpSettingsStore>().SaveAsync(new SmtpPortal.Settings.SmtpSettingsInput
        {
            PresetId = "outlook", Host = "127.0.0.1", Port = xoauth.Port, Security = SecurityMode.None,
            Username = OAuthTestBed.Account, FromAddress = OAuthTestBed.Account, SignsInWithOAuth = true,
        }, null, Ct);
        Assert.True(saved.Succeeded, string.Join("; ", saved.Errors.Values));
        authorization.ApproveDeviceCodesAtOnce = true;
        var outlook = bed.Get<SmtpPortal.Providers.ProviderCatalog>().Find("outlook")!;
        var registration = new SmtpPortal.OAuth.OAuthRegistration("outlook", outlook.OAuth!, LocalAuthorizationServer.ClientId, null, "consumers");
        var signIn = bed.Get<SmtpPortal.OAuth.DeviceCodeSignIn>();
        var (challenge, problem) = await signIn.StartAsync(registration, OAuthTestBed.Account, Ct);
        Assert.Null(problem);
        Assert.Null(await signIn.CompleteAsync(registration, OAuthTestBed.Account, challenge!, RelayTestBed.Admin, Ct));
        var (app, secret) = await bed.CreateAppAsync("Nextcloud", OAuthTestBed.Account);
        using var client = await bed.ConnectAsync(app.UserName, secret);

        await client.SendAsync(RelayTestBed.Message(from: OAuthTestBed.Account, subject: "Through XOAUTH2"), Ct);

        await bed.WaitForLogAsync(log => log.Any(m => m.Status == RelayMessageStatus.Delivered), "a delivered message");
        Assert.Contains("Subject: Through XOAUTH2", Assert.Single(xoauth.Messages));
        var (user, token) = Assert.Single(xoauth.Logins);
        Assert.Equal(OAuthTestBed.Account, user);
        Assert.Equal(authorization.CurrentAccessToken, token);
    }
}
