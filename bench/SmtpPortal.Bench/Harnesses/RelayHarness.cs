using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using SmtpPortal.Bench.Infrastructure;
using SmtpPortal.Relay.Delivery;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Bench.Harnesses;

/// <summary>
/// Figure 7: SmtpPortal's relay against Debian's Postfix set up as most admins would (relayhost
/// with SASL to the provider, SASL logins for the apps), both relaying to the same sink on
/// 127.0.0.1 (the SmtpServer library, requiring a login), in the same run. An app's view: a
/// MailKit client that logs in with PLAIN and sends a 1 KB message.
/// </summary>
public sealed class RelayHarness(BenchSettings settings, PublishedApps apps, Report report)
{
    private const string Section = "Relay against Postfix (figure 7)";
    private static readonly string Body = string.Join("\r\n", Enumerable.Repeat("Your order has shipped. Track it in your account; reply if anything is wrong.", 12));

    private int LatencyMessages => settings.Smoke ? 5 : 1000;
    private int BurstMessages => settings.Smoke ? 20 : 2000;
    private int BurstConnections => settings.Smoke ? 2 : 10;
    private int DurabilityMessages => settings.Smoke ? 40 : 1000;
    private int Kills => settings.Smoke ? 1 : 10;
    private static int DefaultDeliveryConnections => new SmtpPortal.Relay.RelayOptions().DeliveryConnections;

    public async Task RunAsync()
    {
        Console.WriteLine("Relay against Postfix: installing Postfix if missing…");
        await PostfixInstance.EnsureInstalledAsync(settings.RepositoryRoot);
        await using var sink = LocalSmtpServer.Plain();
        var postfixRoot = Path.Combine(settings.WorkDirectory, "postfix", Guid.NewGuid().ToString("n")[..8]);
        var postfix = await PostfixInstance.StartAsync(postfixRoot, sink.Port, LocalSmtpServer.UserName, LocalSmtpServer.Password);
        try
        {
            var memory = new List<string>();
            await using var portal = await StartPortalMeasuringMemoryAsync(sink, memory);
            memory.Add(Row("Postfix, idle", postfix.Memory()));

            Console.WriteLine($"  acceptance latency: {LatencyMessages} sequential messages each…");
            var (portalLatency, postfixLatency, sent) = await LatencyAsync(portal, postfix);
            // Both queues drained before the throughput run starts.
            await WaitForAsync(sink, sent, "the latency run's messages");
            report.Add(new Figure("7a. Relay acceptance p50 (connect, AUTH, message, 250)", "ms", Stats.Median(portalLatency),
                Stats.Median(postfixLatency), 1.0, TargetKind.RatioAtMost, $"{LatencyMessages} sequential messages each, alternating; reference: Postfix"));
            report.Add(new Figure("7b. Relay acceptance p95", "ms", Stats.Percentile(portalLatency, 95),
                Stats.Percentile(postfixLatency, 95), 1.0, TargetKind.RatioAtMost, "reference: Postfix"));

            Console.WriteLine($"  throughput: {BurstMessages} messages over {BurstConnections} connections each…");
            var portalBurst = await BurstAsync(portal, sink, "burst-portal");
            var postfixBurst = await BurstAsync(postfix, sink, "burst-postfix");
            // The same burst again held at the connections a burst starts with (the fixed default
            // before decision 29): what the feedback on the provider's connections buys.
            portal.DeliveryConnections = DeliveryConcurrency.StartConnections;
            await portal.KillAsync();
            await portal.RestartAsync();
            var portalNarrowBurst = await BurstAsync(portal, sink, "burst-portal-narrow");
            portal.DeliveryConnections = null;
            await portal.KillAsync();
            await portal.RestartAsync();
            memory.Add(Row("SmtpPortal, during the burst (peak)", portalBurst.Peak));
            memory.Add(Row($"SmtpPortal held at {DeliveryConcurrency.StartConnections} provider connections, during the burst (peak)", portalNarrowBurst.Peak));
            memory.Add(Row("Postfix, during the burst (peak)", postfixBurst.Peak));
            report.Add(new Figure($"7c. Relay throughput: time until {BurstMessages} messages reached the provider", "s", portalBurst.Seconds,
                postfixBurst.Seconds, 1.0, TargetKind.RatioAtMost,
                $"{BurstConnections} app connections; {BurstMessages / portalBurst.Seconds:0} vs {BurstMessages / postfixBurst.Seconds:0} messages/s; reference: Postfix"));
            report.Note(Section, string.Create(CultureInfo.InvariantCulture,
                $"Throughput run, {BurstMessages} messages over {BurstConnections} app connections:\n\n| | connections to the provider | all acknowledged after | all at the provider after | CPU per message | queue writer thread busy |\n|---|---|---|---|---|---|\n"
                + $"| SmtpPortal | {DeliveryConcurrency.StartConnections}, growing up to {DefaultDeliveryConnections} (default) | {portalBurst.AcceptedSeconds:0.0} s | {portalBurst.Seconds:0.0} s | {portalBurst.CpuMsPerMessage:0.00} ms | {portalBurst.WriterBusy:P0} |\n"
                + $"| SmtpPortal, `DeliveryConnections={DeliveryConcurrency.StartConnections}` (fixed, as before decision 29) | {DeliveryConcurrency.StartConnections} | {portalNarrowBurst.AcceptedSeconds:0.0} s | {portalNarrowBurst.Seconds:0.0} s | {portalNarrowBurst.CpuMsPerMessage:0.00} ms | {portalNarrowBurst.WriterBusy:P0} |\n"
                + $"| Postfix | up to {PostfixInstance.DestinationConcurrency} | {postfixBurst.AcceptedSeconds:0.0} s | {postfixBurst.Seconds:0.0} s | {postfixBurst.CpuMsPerMessage:0.00} ms | — |"));
            report.Note(Section, "Memory (RSS; PSS splits pages shared between processes, which is what Postfix's several processes really cost):\n\n"
                + "| system, state | RSS | PSS | processes |\n|---|---|---|---|\n" + string.Join('\n', memory));

            Console.WriteLine($"  durability: {DurabilityMessages} messages, {Kills} kill -9 of each…");
            var portalLoss = await DurabilityAsync(portal, sink, "dur-portal", seed: 7);
            var postfixLoss = await DurabilityAsync(postfix, sink, "dur-postfix", seed: 7);
            report.Add(new Figure($"7d. Relay durability: acknowledged messages lost over {Kills} kill -9", "messages", portalLoss.Lost,
                null, 0, TargetKind.AtMost, $"Postfix lost {postfixLoss.Lost}; duplicates: SmtpPortal {portalLoss.Duplicates}, Postfix {postfixLoss.Duplicates}"));
            report.Note(Section, $"Durability, {DurabilityMessages} messages from 4 app connections and {Kills} kill -9 at random moments each "
                + "(the apps send again what they were not told was queued, as apps do):\n\n| | acknowledged | lost | duplicates at the provider |\n|---|---|---|---|\n"
                + $"| SmtpPortal | {portalLoss.Acknowledged} | {portalLoss.Lost} | {portalLoss.Duplicates} |\n"
                + $"| Postfix {await PostfixInstance.VersionAsync()} | {postfixLoss.Acknowledged} | {postfixLoss.Lost} | {postfixLoss.Duplicates} |");
        }
        finally
        {
            await postfix.StopAsync().ContinueWith(_ => postfix.KillAsync()).Unwrap();
        }
    }

    /// <summary>The portal with its relay off (the reference), then on (idle): memory of both.</summary>
    private async Task<PortalRelay> StartPortalMeasuringMemoryAsync(LocalSmtpServer sink, List<string> memory)
    {
        var portal = await PortalRelay.StartAsync(apps, sink.Port, LocalSmtpServer.UserName, LocalSmtpServer.Password, relayOn: false);
        memory.Add(Row("SmtpPortal, relay off, idle", await IdleMemoryAsync(portal)));
        await portal.TurnOnAsync();
        memory.Add(Row("SmtpPortal, relay on, idle", await IdleMemoryAsync(portal)));
        return portal;
    }

    private async Task<MemoryUse> IdleMemoryAsync(PortalRelay portal)
    {
        await Task.Delay(settings.Smoke ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(10));
        return portal.Memory();
    }

    private async Task<(List<double> Portal, List<double> Postfix, int Sent)> LatencyAsync(IRelayUnderTest portal, IRelayUnderTest postfix)
    {
        var portalMs = new List<double>();
        var postfixMs = new List<double>();
        var warmUp = settings.Smoke ? 1 : 20;
        for (var i = -warmUp; i < LatencyMessages; i++)
        {
            // Who goes first alternates, so that drift hits both alike.
            foreach (var system in i % 2 == 0 ? [portal, postfix] : new[] { postfix, portal })
            {
                var ms = await SendOneAsync(system, $"latency-{system.Name}-{i}");
                if (i >= 0)
                    (system == portal ? portalMs : postfixMs).Add(ms);
            }
        }
        return (portalMs, postfixMs, 2 * (LatencyMessages + warmUp));
    }

    /// <summary>Connect, AUTH PLAIN, MAIL/RCPT/DATA until the 250 after the dot; QUIT is not timed.</summary>
    private static async Task<double> SendOneAsync(IRelayUnderTest system, string subject)
    {
        using var client = NewClient();
        var clock = Stopwatch.StartNew();
        await client.ConnectAsync("127.0.0.1", system.Port, SecureSocketOptions.None);
        await client.AuthenticateAsync(system.User, system.Secret);
        await client.SendAsync(Message(subject));
        var ms = clock.Elapsed.TotalMilliseconds;
        await client.DisconnectAsync(quit: true);
        return ms;
    }

    /// <summary>Sends the burst over parallel connections; returns seconds until the provider had
    /// them all, and the peak memory meanwhile.</summary>
    /// <param name="WriterBusy">SmtpPortal only: the share of the burst its queue writer thread was on a CPU.</param>
    private sealed record Burst(double Seconds, double AcceptedSeconds, double CpuMsPerMessage, MemoryUse Peak, double? WriterBusy);

    private async Task<Burst> BurstAsync(IRelayUnderTest system, LocalSmtpServer sink, string prefix)
    {
        var cpuBefore = system.CpuTime();
        var writerBefore = (system as PortalRelay)?.QueueWriterCpuTime();
        var before = sink.Messages.Count;
        var peak = system.Memory();
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = MemoryUse.Max(peak, system.Memory());
                try { await Task.Delay(100, sampling.Token); } catch (OperationCanceledException) { }
            }
        });
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, BurstConnections).Select(lane => Task.Run(async () =>
        {
            using var client = NewClient();
            await client.ConnectAsync("127.0.0.1", system.Port, SecureSocketOptions.None);
            await client.AuthenticateAsync(system.User, system.Secret);
            for (var n = lane; n < BurstMessages; n += BurstConnections)
                await client.SendAsync(Message($"{prefix}-{n}"));
            await client.DisconnectAsync(quit: true);
        })));
        var accepted = clock.Elapsed.TotalSeconds;
        await WaitForAsync(sink, before + BurstMessages, prefix);
        var seconds = clock.Elapsed.TotalSeconds;
        await sampling.CancelAsync();
        await sampler;
        var cpu = (system.CpuTime() - cpuBefore).TotalMilliseconds / BurstMessages;
        var writerBusy = system is PortalRelay relay && writerBefore is { } before0
            ? (relay.QueueWriterCpuTime() - before0).TotalSeconds / seconds : (double?)null;
        return new Burst(seconds, accepted, cpu, peak, writerBusy);
    }

    private sealed record Loss(int Acknowledged, int Lost, int Duplicates);

    /// <summary>Four apps send their share of the messages; at random moments the system is killed
    /// (SIGKILL) and started again. An app resends what it was not told was queued.</summary>
    private async Task<Loss> DurabilityAsync(IRelayUnderTest system, LocalSmtpServer sink, string prefix, int seed)
    {
        var random = new Random(seed);
        var killAt = Enumerable.Range(0, Kills).Select(_ => random.Next(1, DurabilityMessages)).Order().ToArray();
        var acknowledged = new ConcurrentDictionary<int, bool>();
        var pending = new ConcurrentQueue<int>(Enumerable.Range(0, DurabilityMessages));
        foreach (var threshold in killAt.Append(int.MaxValue))
        {
            using var killNow = new CancellationTokenSource();
            var lanes = Enumerable.Range(0, 4).Select(_ => Task.Run(() => SendUntilFailureAsync(system, prefix, pending, acknowledged, threshold, killNow))).ToList();
            await Task.WhenAny(Task.WhenAll(lanes), Task.Delay(Timeout.Infinite, killNow.Token).ContinueWith(_ => { }));
            if (threshold == int.MaxValue)
            {
                await Task.WhenAll(lanes);
                break;
            }
            await system.KillAsync();
            await Task.WhenAll(lanes);
            await system.RestartAsync();
        }
        // Whatever is still pending was never acknowledged: an app would try again; so do these.
        while (!pending.IsEmpty)
            await SendUntilFailureAsync(system, prefix, pending, acknowledged, int.MaxValue, new CancellationTokenSource());
        await WaitForAllAsync(sink, prefix, acknowledged.Keys);
        var arrivals = sink.Messages.Count(m => m.Subject?.StartsWith(prefix + "-", StringComparison.Ordinal) == true);
        var distinct = DistinctSubjects(sink, prefix);
        var lost = acknowledged.Keys.Count(n => !distinct.Contains($"{prefix}-{n}"));
        return new Loss(acknowledged.Count, lost, arrivals - distinct.Count);
    }

    private static async Task SendUntilFailureAsync(IRelayUnderTest system, string prefix, ConcurrentQueue<int> pending,
        ConcurrentDictionary<int, bool> acknowledged, int killAfter, CancellationTokenSource killNow)
    {
        int n = -1;
        try
        {
            using var client = NewClient();
            await client.ConnectAsync("127.0.0.1", system.Port, SecureSocketOptions.None);
            await client.AuthenticateAsync(system.User, system.Secret);
            while (pending.TryDequeue(out n))
            {
                await client.SendAsync(Message($"{prefix}-{n}"));
                acknowledged[n] = true;
                n = -1;
                if (acknowledged.Count >= killAfter)
                    killNow.Cancel();
            }
        }
        catch (Exception ex) when (ex is IOException or SmtpProtocolException or SmtpCommandException or MailKit.ServiceNotConnectedException
            or System.Net.Sockets.SocketException or MailKit.Security.AuthenticationException or OperationCanceledException)
        {
            // Killed under this connection (or refused while starting): not acknowledged, so sent again later.
            if (n >= 0)
                pending.Enqueue(n);
        }
    }

    private static HashSet<string> DistinctSubjects(LocalSmtpServer sink, string prefix) =>
        [.. sink.Messages.Select(m => m.Subject ?? "").Where(s => s.StartsWith(prefix + "-", StringComparison.Ordinal))];

    private async Task WaitForAllAsync(LocalSmtpServer sink, string prefix, IEnumerable<int> acknowledged)
    {
        var wanted = acknowledged.Select(n => $"{prefix}-{n}").ToHashSet();
        var until = DateTime.UtcNow + TimeSpan.FromMinutes(settings.Smoke ? 2 : 5);
        while (!wanted.IsSubsetOf(DistinctSubjects(sink, prefix)) && DateTime.UtcNow < until)
            await Task.Delay(100);
    }

    private async Task WaitForAsync(LocalSmtpServer sink, int count, string what)
    {
        try
        {
            await sink.WaitForMessagesAsync(count, TimeSpan.FromMinutes(settings.Smoke ? 2 : 10));
        }
        catch (TimeoutException ex)
        {
            throw new InvalidOperationException($"{what}: {ex.Message}", ex);
        }
    }

    private static SmtpClient NewClient()
    {
        var client = new SmtpClient { Timeout = 60_000 };
        return client;
    }

    private static MimeMessage Message(string subject)
    {
        var message = new MimeMessage { Subject = subject };
        message.From.Add(new MailboxAddress("Shop", "app@example.test"));
        message.To.Add(MailboxAddress.Parse("customer@example.org"));
        message.Body = new TextPart("plain") { Text = Body };
        return message;
    }

    private static string Row(string what, MemoryUse use) =>
        string.Create(CultureInfo.InvariantCulture, $"| {what} | {Report.Mb(use.Rss)} MB | {Report.Mb(use.Pss)} MB | {use.Processes} |");
}
