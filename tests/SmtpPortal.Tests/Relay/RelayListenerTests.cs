using System.Text;
using MailKit.Net.Smtp;
using SmtpPortal.Relay;

namespace SmtpPortal.Tests.Relay;

/// <summary>The relay's limits: a slow, greedy or guessing client cannot exhaust it, and a
/// revoked login stops at once.</summary>
public sealed class RelayListenerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheSizeLimitIsAdvertisedAndAMessageOverItIsRefusedWithNothingQueued()
    {
        await using var bed = await RelayTestBed.StartAsync(new Dictionary<string, string?> { ["SmtpPortal:Relay:MaxMessageMegabytes"] = "1" });
        var (app, secret) = await bed.CreateAppAsync();
        await using var smtp = await RawSmtp.ConnectAsync(bed.Port);

        var ehlo = await smtp.SendAsync("EHLO app.example");
        await smtp.SendAsync("AUTH PLAIN " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{app.UserName}\0{secret}")));
        var declared = await smtp.SendAsync("MAIL FROM:<portal@example.test> SIZE=2000000");
        await smtp.SendAsync("MAIL FROM:<portal@example.test>");
        await smtp.SendAsync("RCPT TO:<someone@example.org>");
        await smtp.SendAsync("DATA");
        var line = new string('x', 998) + "\r\n";
        await smtp.WriteAsync("From: portal@example.test\r\nSubject: big\r\n\r\n");
        for (var i = 0; i < 1100; i++)
            await smtp.WriteAsync(line);
        var undeclared = await smtp.SendAsync(".");

        Assert.Contains("250-SIZE 1048576", ehlo);
        Assert.StartsWith("552 5.3.4 Message too big: 2000000 bytes declared", declared);
        Assert.StartsWith("552 5.3.4 Message too big: this relay accepts at most 1048576 bytes", undeclared);
        Assert.Empty(await bed.LogAsync());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(bed.DataPath, "relay", "queue")));
        // The session goes on: the next message fits.
        await smtp.SendAsync("MAIL FROM:<portal@example.test>");
        await smtp.SendAsync("RCPT TO:<someone@example.org>");
        await smtp.SendAsync("DATA");
        Assert.StartsWith("250", await smtp.SendAsync("From: portal@example.test\r\n\r\nsmall\r\n."));
    }

    [Fact]
    public async Task RecipientsBeyondTheLimitAreDeferredWith452()
    {
        await using var bed = await RelayTestBed.StartAsync(new Dictionary<string, string?> { ["SmtpPortal:Relay:MaxRecipients"] = "2" });
        var (app, secret) = await bed.CreateAppAsync();
        await using var smtp = await RawSmtp.ConnectAsync(bed.Port);
        await smtp.LogInAsync(app.UserName, secret);
        await smtp.SendAsync("MAIL FROM:<portal@example.test>");

        Assert.StartsWith("250", await smtp.SendAsync("RCPT TO:<a@example.org>"));
        Assert.StartsWith("250", await smtp.SendAsync("RCPT TO:<b@example.org>"));
        Assert.StartsWith("452 4.5.3 Too many recipients: at most 2 per message", await smtp.SendAsync("RCPT TO:<c@example.org>"));
    }

    [Fact]
    public async Task AClientThatSaysNothingIsDisconnectedAfterTheIdleTimeout()
    {
        await using var bed = await RelayTestBed.StartAsync(new Dictionary<string, string?> { ["SmtpPortal:Relay:IdleTimeoutSeconds"] = "30" });
        await using var smtp = await RawSmtp.ConnectAsync(bed.Port);
        await smtp.SendAsync("EHLO slow.example");

        // The relay starts waiting right after its reply; move the clock until it gives up.
        string reply;
        do
        {
            bed.Clock.Advance(TimeSpan.FromSeconds(31));
            reply = await smtp.ReadReplyWithinAsync(TimeSpan.FromMilliseconds(500));
        }
        while (reply.Length == 0);

        Assert.StartsWith("421 4.4.2 No command within 30 seconds", reply);
        Assert.True(await smtp.IsClosedAsync());
        Assert.Equal(1, (await bed.Get<RelayRefusals>().CountAsync(Ct)).Last24Hours[RelayRefusalKind.Timeout]);
    }

    [Fact]
    public async Task AMessageThatTricklesInIsCutOffAfterTheCommandTimeout()
    {
        await using var bed = await RelayTestBed.StartAsync(new Dictionary<string, string?> { ["SmtpPortal:Relay:CommandTimeoutSeconds"] = "60" });
        var (app, secret) = await bed.CreateAppAsync();
        await using var smtp = await RawSmtp.ConnectAsync(bed.Port);
        await smtp.LogInAsync(app.UserName, secret);
        await smtp.SendAsync("MAIL FROM:<portal@example.test>");
        await smtp.SendAsync("RCPT TO:<someone@example.org>");
        await smtp.SendAsync("DATA");

        string reply;
        do
        {
            await smtp.WriteAsync("Subject: one line a while\r\n");
            bed.Clock.Advance(TimeSpan.FromSeconds(20));
            reply = await smtp.ReadReplyWithinAsync(TimeSpan.FromMilliseconds(200));
        }
        while (reply.Length == 0);

        Assert.StartsWith("421 4.4.2 The message upload did not finish within 60 seconds", reply);
        Assert.Empty(await bed.LogAsync());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(bed.DataPath, "relay", "queue")));
    }

    [Fact]
    public async Task ConnectionsBeyondTheLimitAreTurnedAwayWith421()
    {
        await using var bed = await RelayTestBed.StartAsync(new Dictionary<string, string?> { ["SmtpPortal:Relay:MaxConnections"] = "2" });
        await using var first = await RawSmtp.ConnectAsync(bed.Port);
        await using var second = await RawSmtp.ConnectAsync(bed.Port);

        using var third = new System.Net.Sockets.TcpClient();
        await third.ConnectAsync("127.0.0.1", bed.Port, Ct);
        using var reader = new StreamReader(third.GetStream());
        var reply = await reader.ReadLineAsync(Ct);

        Assert.StartsWith("421 4.7.0 Too many connections to the relay (limit 2)", reply);
        Assert.Null(await reader.ReadLineAsync(Ct));
        await first.SendAsync("QUIT");
        Assert.True(await first.IsClosedAsync());
    }

    [Fact]
    public async Task AnEndlessCommandLineIsReadToItsEndAndRefused()
    {
        await using var bed = await RelayTestBed.StartAsync();
        await using var smtp = await RawSmtp.ConnectAsync(bed.Port);

        await smtp.WriteAsync("EHLO " + new string('a', 200_000));
        var reply = await smtp.SendAsync("");

        Assert.StartsWith("500 5.5.2 Line too long", reply);
        Assert.StartsWith("250", await smtp.SendAsync("NOOP"));
    }

    [Fact]
    public async Task RepeatedWrongSecretsLockTheClientAddressOut()
    {
        await using var bed = await RelayTestBed.StartAsync(new Dictionary<string, string?> { ["SmtpPortal:Relay:MaxFailedLogins"] = "3" });
        var (app, secret) = await bed.CreateAppAsync();
        for (var i = 0; i < 3; i++)
        {
            await using var guesser = await RawSmtp.ConnectAsync(bed.Port);
            Assert.StartsWith("535", await guesser.LogInAsync(app.UserName, "guess" + i));
        }

        await using var smtp = await RawSmtp.ConnectAsync(bed.Port);
        var locked = await smtp.LogInAsync(app.UserName, secret);

        Assert.StartsWith("454 4.7.0 Too many failed logins from 127.0.0.1; try again after 10:15 UTC", locked);
        bed.Clock.Advance(TimeSpan.FromMinutes(16));
        await using var later = await RawSmtp.ConnectAsync(bed.Port);
        Assert.StartsWith("235", await later.LogInAsync(app.UserName, secret));
        var counts = (await bed.Get<RelayRefusals>().CountAsync(Ct)).Last24Hours;
        Assert.Equal(3, counts[RelayRefusalKind.WrongLogin]);
        Assert.Equal(1, counts[RelayRefusalKind.LockedOut]);
    }

    [Fact]
    public async Task ARevokedLoginStopsWorkingAtOnceEvenInAnOpenSession()
    {
        await using var bed = await RelayTestBed.StartAsync();
        var (app, secret) = await bed.CreateAppAsync();
        using var open = await bed.ConnectAsync(app.UserName, secret);
        await open.SendAsync(RelayTestBed.Message(), Ct);

        Assert.Null(await bed.Get<RelayAppStore>().RevokeAsync(app.Id, RelayTestBed.Admin, Ct));

        var inSession = await Assert.ThrowsAsync<MailKit.ServiceNotAuthenticatedException>(() => open.SendAsync(RelayTestBed.Message(), Ct));
        Assert.Contains("This relay login was revoked in SmtpPortal", inSession.Message);
        await using var smtp = await RawSmtp.ConnectAsync(bed.Port);
        Assert.StartsWith($"535 5.7.8 The relay login {app.UserName} was revoked", await smtp.LogInAsync(app.UserName, secret));
        Assert.Single(await bed.LogAsync());
    }

    [Fact]
    public async Task AnAppOverItsHourlyLimitIsAskedToTryAgainLater()
    {
        await using var bed = await RelayTestBed.StartAsync(new Dictionary<string, string?> { ["SmtpPortal:Relay:MessagesPerHourPerApp"] = "2" });
        var (app, secret) = await bed.CreateAppAsync();
        using var client = await bed.ConnectAsync(app.UserName, secret);
        await client.SendAsync(RelayTestBed.Message(), Ct);
        await client.SendAsync(RelayTestBed.Message(), Ct);

        var third = await Assert.ThrowsAsync<SmtpCommandException>(() => client.SendAsync(RelayTestBed.Message(), Ct));

        Assert.Equal(451, (int)third.StatusCode);
        Assert.Contains("has sent 2 messages in the last hour", third.Message);
        bed.Clock.Advance(TimeSpan.FromMinutes(61));
        using var later = await bed.ConnectAsync(app.UserName, secret);
        await later.SendAsync(RelayTestBed.Message(), Ct);
        Assert.Equal(3, (await bed.LogAsync()).Count);
    }
}
