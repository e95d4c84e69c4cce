using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using SmtpPortal.BrowserTests.Infrastructure;
using SmtpPortal.BrowserTests.Pages;
using SmtpPortal.Settings;

namespace SmtpPortal.BrowserTests.Journeys;

/// <summary>An admin turns the relay on and creates a login for an app; the app sends through it
/// and the admin sees the message in the send log, delivered to smtp4dev.</summary>
public sealed class RelayJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task TurnTheRelayOnCreateAnAppLoginSendThroughItAndSeeItInTheSendLog()
    {
        var smtp = browser.StartTlsServer;
        await using var session = await SignedInSession.StartAsync(browser.Browser);
        await SaveSettingsAsync(session.Portal, smtp);

        var relay = new RelayPage(session.Page);
        await relay.OpenAsync(session.Portal.BaseUrl);
        await relay.TurnOnAsync();
        var secret = await relay.CreateLoginAsync("WordPress", "blog@example.test");
        await Assertions.Expect(relay.NewLogin).ToContainTextAsync("wordpress");
        await Assertions.Expect(relay.NewLogin.Locator("pre[data-format=env]")).ToContainTextAsync($"SMTP_PASSWORD='{secret}'");
        await relay.ScreenshotAsync("relay-light");

        var subject = $"Relayed {Guid.NewGuid():n}";
        using (var app = new SmtpClient())
        {
            await app.ConnectAsync("127.0.0.1", await relay.PortAsync(), SecureSocketOptions.None, TestContext.Current.CancellationToken);
            await app.AuthenticateAsync("wordpress", secret, TestContext.Current.CancellationToken);
            var message = new MimeMessage { Subject = subject };
            message.From.Add(new MailboxAddress("Blog", "blog@example.test"));
            message.To.Add(MailboxAddress.Parse("reader@example.test"));
            message.Body = new TextPart("plain") { Text = "A new comment on your post." };
            await app.SendAsync(message, TestContext.Current.CancellationToken);
        }

        var log = new SentMailPage(session.Page);
        await log.OpenAsync(session.Portal.BaseUrl);
        var row = log.Rows.Filter(new() { HasText = "blog@example.test" });
        await Assertions.Expect(row).ToContainTextAsync("delivered", new() { Timeout = 30_000 });
        await Assertions.Expect(row).ToContainTextAsync("WordPress");
        await Assertions.Expect(row).ToContainTextAsync("reader@example.test");
        Assert.Contains(await smtp.MessagesAsync(), m => m.Subject == subject);
        Assert.DoesNotContain(secret, await session.Page.ContentAsync());
        await log.ScreenshotAsync("sent-mail-light");
    }

    /// <summary>The settings page has its own journeys; here they are saved directly, pointed at
    /// smtp4dev with its certificate pinned.</summary>
    private static async Task SaveSettingsAsync(PortalServer portal, Smtp4Dev smtp)
    {
        // Saved as the page saves: a login with the pinned certificate first, then the store.
        var editor = portal.Services.GetRequiredService<SmtpSettingsEditor>();
        var saved = await editor.SaveAsync(new SmtpSettingsInput
        {
            PresetId = "custom", Host = "127.0.0.1", Port = smtp.SmtpPort, Security = SmtpPortal.Smtp.SecurityMode.StartTls,
            Username = Smtp4Dev.User, Password = Smtp4Dev.Password, FromAddress = "blog@example.test",
            TrustCertificateSha256 = smtp.CertificateSha256,
        }, null, SaveTesting.TestFirst, SmtpPortal.Smtp.Requester.Admin(new SmtpPortal.History.AuditActor("admin", null)), CancellationToken.None);
        Assert.True(saved.Succeeded, string.Join("; ", saved.Errors.Values));
        Assert.NotNull(saved.Settings!.TrustedCertificateSha256);
    }
}
