using System.Text.Json;
using SmtpPortal.Cli;
using SmtpPortal.History;
using SmtpPortal.Relay;
using SmtpPortal.Tests.TestSupport;
using SmtpServer.Protocol;

namespace SmtpPortal.Tests.Relay;

/// <summary>`relay …` on the command line, against the data directory of a running portal.</summary>
public sealed class RelayCommandLineTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Run(int ExitCode, string Out, string Error);

    private static async Task<Run> RunAsync(string dataDirectory, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await PortalCommandLine.RunAsync(args, new CliConsole(output, error, new MemoryStream()),
            new Dictionary<string, string?> { ["SmtpPortal:DataDirectory"] = dataDirectory }, Ct);
        return new Run(exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task AnAppLoginCreatedOnTheCommandLineShowsItsSecretOnceAndWorksAtTheRelay()
    {
        await using var bed = await RelayTestBed.StartAsync();

        var add = await RunAsync(bed.DataPath, "relay", "apps", "add", "Nextcloud", "--from", "portal@example.test", "@apps.example.test", "--json");
        var list = await RunAsync(bed.DataPath, "relay", "apps", "list");
        var listJson = await RunAsync(bed.DataPath, "relay", "apps", "list", "--json");

        Assert.True(add.ExitCode == ExitCodes.Ok, add.Error);
        var created = JsonDocument.Parse(add.Out).RootElement;
        var secret = created.GetProperty("secret").GetString()!;
        Assert.Equal("nextcloud", created.GetProperty("userName").GetString());
        Assert.Equal("none", created.GetProperty("security").GetString());
        Assert.Equal(["portal@example.test", "@apps.example.test"], created.GetProperty("allowedSenders").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("nextcloud", list.Out);
        Assert.DoesNotContain(secret, list.Out + listJson.Out);
        Assert.Contains(await bed.Get<AuditLog>().FindAsync(new(AuditAction.RelayAppCreated), Ct), e => e.Actor == "cli:" + Environment.UserName);
        using var client = await bed.ConnectAsync("nextcloud", secret);
        await client.SendAsync(RelayTestBed.Message(from: "cron@apps.example.test"), Ct);
        await bed.Provider.WaitForMessagesAsync(1);

        var revoke = await RunAsync(bed.DataPath, "relay", "apps", "revoke", "nextcloud");
        Assert.Equal(ExitCodes.Ok, revoke.ExitCode);
        await using var smtp = await RawSmtp.ConnectAsync(bed.Port);
        Assert.StartsWith("535", await smtp.LogInAsync("nextcloud", secret));
    }

    [Fact]
    public async Task AnInvalidSenderIsRefusedAndNothingIsStored()
    {
        using var data = new TempFolder();

        var add = await RunAsync(data.Path, "relay", "apps", "add", "Gitea", "--from", "not-a-domain_");

        Assert.Equal(ExitCodes.Invalid, add.ExitCode);
        Assert.Equal("\"not-a-domain_\" is not a valid domain. Write a domain as @example.com.", add.Error.Trim());
        Assert.Contains("No relay logins yet", (await RunAsync(data.Path, "relay", "apps", "list")).Out);
    }

    [Fact]
    public async Task TheRelayTurnedOnFromTheCommandLineListensInTheRunningPortalWithinSeconds()
    {
        await using var bed = await RelayTestBed.StartAsync();
        Assert.Equal(ExitCodes.Ok, (await RunAsync(bed.DataPath, "relay", "off")).ExitCode);
        await bed.ApplyAfterPollAsync();
        Assert.Empty(bed.Get<RelayRuntime>().Current.Listening);
        Assert.Contains("relay:         off", (await RunAsync(bed.DataPath, "relay", "status")).Out);

        var on = await RunAsync(bed.DataPath, "relay", "on");
        await bed.ApplyAfterPollAsync();

        Assert.Contains("within 2 seconds", on.Out);
        Assert.NotEmpty(bed.Get<RelayRuntime>().Current.Listening);
        var status = await RunAsync(bed.DataPath, "relay", "status");
        Assert.Contains("relay:         on", status.Out);
        Assert.Contains("certificate:   SHA-256 ", status.Out);
        var history = await bed.Get<AuditLog>().FindAsync(new(), Ct);
        Assert.Contains(history, e => e.Action == AuditAction.RelayTurnedOff && e.Actor.StartsWith("cli:"));
        Assert.Contains(history, e => e.Action == AuditAction.RelayTurnedOn && e.Actor.StartsWith("cli:"));
    }

    [Fact]
    public async Task TheQueueIsListedRetriedAndDeletedFromTheCommandLine()
    {
        await using var bed = await RelayTestBed.StartAsync();
        var (app, secret) = await bed.CreateAppAsync();
        bed.Provider.DataReplies.Enqueue(new SmtpResponse((SmtpReplyCode)451, "4.3.0 Mailbox busy"));
        bed.Provider.DataReplies.Enqueue(new SmtpResponse((SmtpReplyCode)451, "4.3.0 Mailbox busy"));
        using (var client = await bed.ConnectAsync(app.UserName, secret))
        {
            await client.SendAsync(RelayTestBed.Message(subject: "one"), Ct);
            await client.SendAsync(RelayTestBed.Message(subject: "two"), Ct);
        }
        var log = await bed.WaitForLogAsync(l => l.Count == 2 && l.All(m => m.Status == RelayMessageStatus.Deferred), "two deferred");

        var list = await RunAsync(bed.DataPath, "relay", "queue", "list", "--status", "deferred", "--json");
        var retry = await RunAsync(bed.DataPath, "relay", "queue", "retry", log[0].Id.ToString());
        var delete = await RunAsync(bed.DataPath, "relay", "queue", "delete", log[1].Id.ToString());
        var missing = await RunAsync(bed.DataPath, "relay", "queue", "delete", "999");

        var lines = JsonDocument.Parse(list.Out).RootElement.EnumerateArray().ToList();
        Assert.Equal(2, lines.Count);
        Assert.All(lines, l => Assert.Equal("deferred", l.GetProperty("status").GetString()));
        Assert.Contains("451", lines[0].GetProperty("lastReply").GetString());
        Assert.Equal(ExitCodes.Ok, retry.ExitCode);
        Assert.Equal(ExitCodes.Ok, delete.ExitCode);
        Assert.Equal(ExitCodes.Invalid, missing.ExitCode);
        Assert.Equal("No message with this id in the send log.", missing.Error.Trim());
        // The running portal sees the retry at its next look at the queue.
        bed.CatchUpWithRealClock();
        bed.Clock.Advance(SmtpPortal.Relay.Delivery.RelayDeliveryService.PollInterval);
        var delivered = Assert.Single(await bed.WaitForLogAsync(l => l.Count == 1 && l[0].Status == RelayMessageStatus.Delivered, "the retried one delivered"));
        Assert.Equal(log[0].Id, delivered.Id);
        var history = await bed.Get<AuditLog>().FindAsync(new(), Ct);
        Assert.Contains(history, e => e.Action == AuditAction.RelayMessageRetried);
        Assert.Contains(history, e => e.Action == AuditAction.RelayMessageDeleted);
    }
}
