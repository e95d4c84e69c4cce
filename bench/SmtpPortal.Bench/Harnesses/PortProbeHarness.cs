using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SmtpPortal.Bench.Infrastructure;
using SmtpPortal.Providers;
using SmtpPortal.Smtp.Diagnostics;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Bench.Harnesses;

/// <summary>
/// Figure 5: the port probe tries its ports in parallel, so its wall time is one port's deadline,
/// never the sum. Four ports on 127.0.0.1: STARTTLS, implicit TLS, closed, and one that accepts the
/// connection but never says a word (the slowest case: it uses the whole deadline).
/// </summary>
public sealed class PortProbeHarness(BenchSettings settings, Report report)
{
    public async Task RunAsync()
    {
        Console.WriteLine($"Port probe: {settings.ProbeRuns} probes of 4 ports, {settings.ProbeDeadline.TotalMilliseconds:0} ms per port…");
        await using var startTls = LocalSmtpServer.StartTls();
        await using var implicitTls = LocalSmtpServer.ImplicitTls();
        var closed = LocalSmtpServer.FreePort();
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start(backlog: 16);
        var silentPort = ((IPEndPoint)silent.LocalEndpoint).Port;
        int[] ports = [startTls.Port, implicitTls.Port, closed, silentPort];

        var probe = new PortProbe(TimeProvider.System);
        var preset = ProviderCatalog.LoadShipped().FindOrCustom("custom");
        var walls = new List<double>();
        PortProbeReport? last = null;
        for (var run = -1; run < settings.ProbeRuns; run++)
        {
            var clock = Stopwatch.StartNew();
            last = await probe.ProbeAsync("127.0.0.1", ports, settings.ProbeDeadline, preset, CancellationToken.None);
            if (run >= 0)
                walls.Add(clock.Elapsed.TotalMilliseconds);
        }

        var states = string.Join(", ", last!.Ports.Select(p => $"{(p.Port == silentPort ? "never answers" : p.Port == closed ? "closed" : p.Port == startTls.Port ? "STARTTLS" : "implicit TLS")} → {p.State}"));
        var deadlineMs = settings.ProbeDeadline.TotalMilliseconds;
        report.Add(new Figure("5. Port probe, 4 ports (wall time vs one deadline)", "ms",
            Stats.Median(walls), deadlineMs, 1.10, TargetKind.RatioAtMost, states));
        report.Note("5. Port probe",
            $"Median of {settings.ProbeRuns} probes after one discarded warm-up; the reference is the per-port deadline "
            + $"({deadlineMs:0} ms); the sum of four deadlines would be {4 * deadlineMs:0} ms. Worst probe: {walls.Max():0} ms. "
            + $"Results of the last probe: {states}.");
    }
}
