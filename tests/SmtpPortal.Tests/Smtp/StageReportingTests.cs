using System.Collections.Concurrent;
using SmtpPortal.Smtp;
using SmtpPortal.Smtp.Diagnostics;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Smtp;

/// <summary>What the stages say while and after a real send to the SmtpServer library on 127.0.0.1.</summary>
public sealed class StageReportingTests
{
    private readonly SmtpSender _sender = new(TimeProvider.System);

    private sealed class Recorder : IProgress<StageReport>
    {
        public ConcurrentQueue<StageReport> Reports { get; } = new();
        public void Report(StageReport value) => Reports.Enqueue(value);
    }

    private static SmtpConnection To(LocalSmtpServer server, SecurityMode mode) => new("127.0.0.1", server.Port, mode,
        LocalSmtpServer.UserName, LocalSmtpServer.Password, TestCertificates.Sha256(server.Certificate!));

    [Fact]
    public async Task AStartTlsSendWalksEveryStageInOrderAndEachRunsBeforeItEnds()
    {
        await using var server = LocalSmtpServer.StartTls();
        var recorder = new Recorder();

        var outcome = await _sender.SendAsync(To(server, SecurityMode.StartTls), FaultInjectionTests.Message(),
            TimeSpan.FromSeconds(10), recorder, TestContext.Current.CancellationToken);

        Assert.True(outcome.Succeeded, outcome.Category.ToString());
        Assert.Equal(
            [SmtpStage.Resolve, SmtpStage.Connect, SmtpStage.Greeting, SmtpStage.Ehlo, SmtpStage.StartTls, SmtpStage.Tls,
             SmtpStage.Auth, SmtpStage.Message, SmtpStage.Quit],
            outcome.Stages.Select(s => s.Stage));
        Assert.All(outcome.Stages, s => Assert.Equal(StageState.Ok, s.State));
        var running = recorder.Reports.Where(r => r.State == StageState.Running).Select(r => r.Stage).Distinct().ToList();
        Assert.Equal(outcome.Stages.Select(s => s.Stage), running);
        string Detail(SmtpStage stage) => DiagnosisWords.StageDetail(outcome, stage) ?? "";
        Assert.Contains("127.0.0.1", Detail(SmtpStage.Connect));
        Assert.StartsWith("server said: 220", Detail(SmtpStage.Greeting));
        // The last EHLO (after STARTTLS) is what the session runs on: its login mechanisms count.
        Assert.Contains("login mechanisms: PLAIN", Detail(SmtpStage.Ehlo));
        Assert.Contains("CN=localhost", Detail(SmtpStage.Tls));
        Assert.Contains("valid until", Detail(SmtpStage.Tls));
        Assert.Contains("pinned by SHA-256", Detail(SmtpStage.Tls));
        Assert.Contains("used: ", Detail(SmtpStage.Auth));
        Assert.Contains("queued as TEST123", Detail(SmtpStage.Message));
    }

    [Fact]
    public async Task ACheckOverImplicitTlsLogsInAndQuitsWithoutAMessage()
    {
        await using var server = LocalSmtpServer.ImplicitTls();

        var outcome = await _sender.CheckAsync(To(server, SecurityMode.SslOnConnect), TimeSpan.FromSeconds(10),
            null, TestContext.Current.CancellationToken);

        Assert.True(outcome.Succeeded, outcome.Category.ToString());
        Assert.Equal($"Connection works: 127.0.0.1:{server.Port} answered over SSL/TLS and the login succeeded. No message was sent.",
            DiagnosisWords.Render(outcome).Summary);
        Assert.Equal(
            [SmtpStage.Resolve, SmtpStage.Connect, SmtpStage.Tls, SmtpStage.Greeting, SmtpStage.Ehlo, SmtpStage.Auth, SmtpStage.Quit],
            outcome.Stages.Select(s => s.Stage));
        Assert.Empty(server.Messages);
        Assert.Single(server.Logins);
        Assert.DoesNotContain("MAIL FROM", outcome.Transcript);
    }

    [Fact]
    public async Task AFailedStageLeavesTheLaterOnesSkipped()
    {
        var closed = LocalSmtpServer.FreePort();

        var outcome = await _sender.CheckAsync(new SmtpConnection("127.0.0.1", closed, SecurityMode.StartTls, "u", "p"),
            TimeSpan.FromSeconds(5), null, TestContext.Current.CancellationToken);

        Assert.Equal(SmtpFailureCategory.ConnectionRefused, outcome.Category);
        Assert.Equal(StageState.Ok, outcome.Stages[0].State);
        Assert.Equal(StageState.Failed, outcome.Stages[1].State);
        Assert.All(outcome.Stages.Skip(2), s => Assert.Equal(StageState.Skipped, s.State));
    }
}
