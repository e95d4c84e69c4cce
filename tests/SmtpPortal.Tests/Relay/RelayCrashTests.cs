using System.Collections.Concurrent;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.DependencyInjection;
using SmtpPortal.Hosting;
using SmtpPortal.History;
using SmtpPortal.Relay;
using SmtpPortal.Settings;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Relay;

/// <summary>Kills the portal (SIGKILL) in the middle of a burst of mail from apps and starts it
/// again: every message that got its 250 must reach the provider.</summary>
public sealed class RelayCrashTests : IDisposable
{
    private const int Burst = 200;
    private const int Apps = 4;
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task EveryMessageThatGotItsQueuedReplyArrivesAfterAKillInTheMiddleOfABurst()
    {
        await using var provider = LocalSmtpServer.Plain();
        var (user, secret) = await PrepareAsync(provider);
        var port = LocalSmtpServer.FreePort();
        var settings = new Dictionary<string, string> { ["SmtpPortal:Relay:Endpoints:0"] = $"127.0.0.1:{port}" };
        var acknowledged = new ConcurrentDictionary<int, bool>();
        // A fixed seed: the kill lands at a different moment in each of these numbers, the same each run.
        var killAfter = new Random(18).Next(Burst / 4, Burst * 3 / 4);

        await using (var portal = await PortalProcess.StartAsync(_data.Path, settings, "The relay listens on"))
        {
            using var kill = new CancellationTokenSource();
            var senders = Enumerable.Range(0, Apps).Select(lane => SendAsync(
                port, user, secret, Enumerable.Range(0, Burst).Where(n => n % Apps == lane), acknowledged, killAfter, kill)).ToList();
            await Task.WhenAny(kill.Token.WhenCanceledAsync(), Task.WhenAll(senders));
            Assert.True(kill.IsCancellationRequested, $"The burst ended before the kill; portal log:\n{portal.Output}");
            await portal.KillAsync();
            await Task.WhenAll(senders);
        }
        var acknowledgedBeforeTheKill = acknowledged.Keys.ToHashSet();
        Assert.InRange(acknowledgedBeforeTheKill.Count, killAfter, Burst - 1);

        await using (var portal = await PortalProcess.StartAsync(_data.Path, settings, "The relay listens on"))
        {
            // The apps send again what they were not told was queued, as they would.
            var rest = Enumerable.Range(0, Burst).Where(n => !acknowledged.ContainsKey(n)).ToList();
            await SendAsync(port, user, secret, rest, acknowledged, int.MaxValue, new CancellationTokenSource());
            Assert.Equal(Burst, acknowledged.Count);
            await WaitForAllAsync(provider, portal);
        }

        var arrived = provider.Messages.Select(m => int.Parse(m.Subject!["burst ".Length..])).ToList();
        Assert.Empty(acknowledgedBeforeTheKill.Except(arrived));
        Assert.Equal(Burst, arrived.Distinct().Count());
        TestContext.Current.SendDiagnosticMessage(
            $"killed after {acknowledgedBeforeTheKill.Count} acknowledged; {arrived.Count - Burst} duplicate(s) at the provider");
    }

    /// <summary>Settings aimed at the provider, the relay switched on, one app login.</summary>
    private async Task<(string User, string Secret)> PrepareAsync(LocalSmtpServer provider)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOptions<SmtpPortalOptions>();
        services.AddSmtpPortalStorage(new DataDirectory(_data.Path));
        services.AddSmtpSending();
        services.AddRelayServices();
        await using var built = services.BuildServiceProvider();
        await built.MigrateDatabaseAsync();
        var admin = new AuditActor("test", null);
        Assert.True((await built.GetRequiredService<SmtpSettingsStore>().SaveAsync(LocalSettings.For(provider), null)).Succeeded);
        await built.GetRequiredService<RelayStateStore>().SetEnabledAsync(true, admin);
        var created = await built.GetRequiredService<RelayAppStore>().CreateAsync("Burst", "portal@example.test", admin);
        return (created.App!.UserName, created.Secret!);
    }

    /// <summary>One app sending its share of the burst over one connection; stops at the first
    /// failure (the kill). Asks for the kill once <paramref name="killAfter"/> messages in all were acknowledged.</summary>
    private static async Task SendAsync(int port, string user, string secret, IEnumerable<int> numbers,
        ConcurrentDictionary<int, bool> acknowledged, int killAfter, CancellationTokenSource kill)
    {
        try
        {
            using var client = new SmtpClient { Timeout = 30_000 };
            await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.None);
            await client.AuthenticateAsync(user, secret);
            foreach (var n in numbers)
            {
                await client.SendAsync(RelayTestBed.Message(subject: $"burst {n}"));
                acknowledged[n] = true;
                if (acknowledged.Count >= killAfter)
                    kill.Cancel();
            }
        }
        catch (Exception ex) when (ex is IOException or SmtpProtocolException or MailKit.ServiceNotConnectedException
            or System.Net.Sockets.SocketException or SmtpCommandException)
        {
            // The portal was killed under this connection.
        }
    }

    private static async Task WaitForAllAsync(LocalSmtpServer provider, PortalProcess portal)
    {
        try
        {
            // Distinct subjects: a kill between the provider's 250 and the queue's commit sends a
            // message twice, so a count of messages reaches the burst before the last one arrives.
            await provider.WaitUntilAsync(
                messages => messages.Select(m => m.Subject).Distinct().Count() >= Burst, $"{Burst} distinct messages", TimeSpan.FromSeconds(120));
        }
        catch (TimeoutException ex)
        {
            Assert.Fail($"{ex.Message} Portal log:\n{portal.Output}");
        }
    }
}

internal static class CancellationTokenExtensions
{
    public static Task WhenCanceledAsync(this CancellationToken token)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        token.Register(() => done.TrySetResult());
        return done.Task;
    }
}
