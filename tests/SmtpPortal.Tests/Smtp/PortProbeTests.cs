using SmtpPortal.Providers;
using SmtpPortal.Smtp;
using SmtpPortal.Smtp.Diagnostics;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Smtp;

/// <summary>The port probe against scripted servers on 127.0.0.1, all ports tried in parallel.</summary>
public sealed class PortProbeTests
{
    private static readonly TimeSpan PerPort = TimeSpan.FromSeconds(2);
    private readonly PortProbe _probe = new(TimeProvider.System);

    [Fact]
    public async Task EachPortIsReportedAsStartTlsImplicitTlsSilentOrClosedWithARecommendation()
    {
        using var certificate = TestCertificates.Create();
        await using var startTls = ScriptedSmtpServer.Start(SmtpScripts.Polite(startTlsCertificate: certificate));
        await using var implicitTls = ScriptedSmtpServer.Start(async s =>
        {
            await s.UpgradeToTlsAsync(certificate);
            await SmtpScripts.Polite()(s);
        });
        await using var plain = ScriptedSmtpServer.Start(SmtpScripts.Polite());
        await using var tarpit = ScriptedSmtpServer.Start(s => s.HoldAsync());
        var closed = LocalSmtpServer.FreePort();
        int[] ports = [startTls.Port, implicitTls.Port, plain.Port, tarpit.Port, closed];

        // A preset without ports of its own: exactly the ports asked for are tried.
        var report = await _probe.ProbeAsync("127.0.0.1", ports, PerPort, ProviderCatalog.LoadShipped().Custom with { Ports = [] },
            TestContext.Current.CancellationToken);

        Assert.Equal(
            [PortState.StartTls, PortState.ImplicitTls, PortState.PlainOnly, PortState.Silent, PortState.Closed],
            report.Ports.Select(p => p.State));
        Assert.StartsWith("220 fault.test", report.Ports[0].Banner);
        Assert.StartsWith("220 fault.test", report.Ports[1].Banner);
        Assert.All(report.Ports, p => Assert.True(p.Elapsed < PerPort + TimeSpan.FromSeconds(3), $"{p.Port} took {p.Elapsed}"));
        Assert.Equal(startTls.Port, report.Port);
        Assert.Equal(SecurityMode.StartTls, report.Security);
        Assert.DoesNotContain(startTls.Received.Concat(implicitTls.Received), l => l.StartsWith("AUTH", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnUnknownHostIsReportedOnceInsteadOfPerPortTimeouts()
    {
        var report = await _probe.ProbeAsync("no-such-host.invalid", PortProbe.StandardPorts, PerPort,
            ProviderCatalog.LoadShipped().Custom, TestContext.Current.CancellationToken);

        Assert.All(report.Ports, p => Assert.Equal(PortState.Unresolved, p.State));
        Assert.Null(report.Port);
    }

    [Theory]
    [InlineData(25, PortState.Filtered, "block outbound port 25")]
    [InlineData(587, PortState.Filtered, "drops the packets")]
    [InlineData(465, PortState.ImplicitTls, "Use SSL/TLS")]
    public void EveryStateIsExplainedInPlainWords(int port, PortState state, string expected) =>
        Assert.Contains(expected, DiagnosisWords.Probes.Meaning("smtp.example.test", new PortProbeResult(port, state, null, TimeSpan.Zero)));

    [Theory]
    [InlineData("163", new[] { 25, 465, 587, 2525, 994 })]
    [InlineData("amazon-ses", new[] { 25, 465, 587, 2525, 2465, 2587 })]
    [InlineData("aliyun-directmail", new[] { 25, 465, 587, 2525, 80 })]
    public void ThePresetsOwnPortsAreProbedBesidesTheStandardOnes(string presetId, int[] expected) =>
        Assert.Equal(expected, PortProbe.PortsFor(ProviderCatalog.LoadShipped().Find(presetId)!, PortProbe.StandardPorts));

    [Fact]
    public async Task APortOnlyThePresetNamesIsTriedInTheSameRun()
    {
        await using var presetOnly = ScriptedSmtpServer.Start(SmtpScripts.Polite());
        var preset = ProviderCatalog.LoadShipped().Custom with
        {
            Id = "relay",
            Ports = [new PresetPort(presetOnly.Port, SecurityMode.None, "test relay")],
        };

        var report = await _probe.ProbeAsync("127.0.0.1", [LocalSmtpServer.FreePort()], PerPort, preset, TestContext.Current.CancellationToken);

        Assert.Equal(2, report.Ports.Count);
        Assert.Equal(PortState.PlainOnly, report.Ports.Single(p => p.Port == presetOnly.Port).State);
    }
}
