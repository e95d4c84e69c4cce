using System.Text;
using Bunit;
using Microsoft.AspNetCore.Components.Web;
using SmtpPortal.Components.Pages.Settings.Components;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;
using SmtpPortal.Smtp.Diagnostics;
using SmtpPortal.Tests.TestSupport;
using TestContext = Xunit.TestContext;

namespace SmtpPortal.Tests.Components.Pages.Settings;

/// <summary>The test panel against real SMTP servers on 127.0.0.1, with the real store and SQLite.</summary>
public sealed class SmtpDiagnosticsTests : PortalComponentContext
{
    private const string User = "portal@example.test";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string Secret = "s3cret pässword 🔑 \"q\"";

    private async Task<SaveResult> SaveAsync(int port, SecurityMode mode, string password, string preset = "custom",
        string user = User, string from = "portal@example.test")
    {
        var saved = await Get<SmtpSettingsStore>().SaveAsync(new SmtpSettingsInput
        {
            PresetId = preset, Host = "127.0.0.1", Port = port, Security = mode,
            Username = user, Password = password, FromAddress = from,
        }, null, Ct);
        Assert.True(saved.Succeeded, string.Join("; ", saved.Errors.Values));
        return saved;
    }

    private IRenderedComponent<TestEmailPanel> RenderPanel() => Render<TestEmailPanel>(p => p
        .Add(x => x.CanSend, true).Add(x => x.AdminName, "admin").Add(x => x.DefaultRecipient, "someone@example.test"));

    private static async Task RunAsync(IRenderedComponent<TestEmailPanel> panel, string button)
    {
        await panel.Find(button).ClickAsync(new MouseEventArgs());
        panel.WaitForElement("#test-result", TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task TrustingTheCertificatePinsExactlyItAndTheNextCheckPasses()
    {
        await using var server = LocalSmtpServer.StartTls();
        await SaveAsync(server.Port, SecurityMode.StartTls, LocalSmtpServer.Password);
        var panel = RenderPanel();

        await RunAsync(panel, "#check-connection");
        Assert.Contains("certificate was not accepted: it is self-signed", panel.Find("#test-result").TextContent);
        Assert.Empty(server.Logins);
        Assert.Contains(CertificateFingerprint.Format(TestCertificates.Sha256(server.Certificate!)), panel.Find("#advice").TextContent);

        await panel.Find("#quick-fix").ClickAsync(new MouseEventArgs());
        Assert.Equal(TestCertificates.Sha256(server.Certificate!), (await Get<SmtpSettingsStore>().GetAsync(Ct))!.TrustedCertificateSha256);

        await RunAsync(panel, "#check-connection");
        Assert.Contains("Connection works", panel.Find("#test-result").TextContent);
        Assert.Empty(server.Messages);
        Assert.All(panel.FindAll("#stages li"), li => Assert.Contains("stage-ok", li.ClassName));
        var run = await Get<TestEmailService>().GetLatestAsync(Ct);
        Assert.Equal(TestRunKind.Check, run!.Kind);
        Assert.Contains("S: 221", run.Transcript);
        Assert.Null(await Get<TestEmailService>().GetLastSuccessfulSendAsync(Ct));
    }

    [Fact]
    public async Task AFixBasedOnStaleSettingsIsRefused()
    {
        await using var server = LocalSmtpServer.StartTls();
        await SaveAsync(server.Port, SecurityMode.StartTls, LocalSmtpServer.Password);
        var panel = RenderPanel();
        await RunAsync(panel, "#check-connection");

        var stored = (await Get<SmtpSettingsStore>().GetAsync(Ct))!;
        var input = SmtpSettingsInput.From(stored);
        input.Port = LocalSmtpServer.FreePort();
        input.Password = "another";
        Assert.True((await Get<SmtpSettingsStore>().SaveAsync(input, stored.Revision, Ct)).Succeeded);
        await panel.Find("#quick-fix").ClickAsync(new MouseEventArgs());

        Assert.Contains("changed since this test ran", panel.Find("#quick-fix-result").TextContent);
        Assert.Null((await Get<SmtpSettingsStore>().GetAsync(Ct))!.TrustedCertificateSha256);
    }

    [Theory]
    [InlineData("PLAIN")]
    [InlineData("LOGIN")]
    public async Task NoTranscriptLogLineOrPageContainsThePasswordOrItsBase64Forms(string mechanism)
    {
        await using var server = ScriptedSmtpServer.Start(SmtpScripts.Polite(auth: mechanism));
        await SaveAsync(server.Port, SecurityMode.None, Secret);
        var panel = RenderPanel();

        await RunAsync(panel, "#send-test");
        panel.Find("#transcript-panel .mud-expand-panel-header").Click();

        Assert.Contains("Sent.", panel.Find("#test-result").TextContent);
        var forms = SecretRedactor.EncodedForms(User, Secret).Prepend(Secret).ToList();
        // The secret really crossed the wire in one of these forms, so the redaction was exercised.
        Assert.Contains(server.Received, line => forms.Any(f => line.Contains(f, StringComparison.Ordinal)));
        var transcript = (await Get<TestEmailService>().GetLatestAsync(Ct))!.Transcript!;
        Assert.Contains($"C: AUTH {mechanism}", transcript);
        Assert.Contains(SmtpTranscript.Redacted, transcript);
        Assert.Contains("S: 235", panel.Find("#transcript").TextContent);
        foreach (var form in forms)
        {
            Assert.DoesNotContain(form, transcript);
            Assert.DoesNotContain(form, panel.Markup);
            Assert.DoesNotContain(Logs.Lines, line => line.Contains(form, StringComparison.Ordinal));
        }
        Assert.NotEmpty(Logs.Lines);
        // A run that worked is logged as such, not as the category "None".
        Assert.Contains(Logs.Lines, line => line.Contains("Test Send to someone@example.test by admin: succeeded", StringComparison.Ordinal));
        Assert.DoesNotContain(Logs.Lines, line => line.Contains(": None in", StringComparison.Ordinal));
        Assert.Contains("someone@example.test", panel.Find("#last-successful-send").TextContent);
    }

    [Fact]
    public async Task AFromOutsideTheAccountIsWarnedAboutBeforeSendingOnProvidersThatRejectIt()
    {
        await SaveAsync(LocalSmtpServer.FreePort(), SecurityMode.SslOnConnect, Secret, preset: "gmail",
            user: "me@gmail.com", from: "alerts@example.test");

        var panel = RenderPanel();

        Assert.Contains("example.test", panel.Find("#from-warning").TextContent);
        Assert.Contains("gmail.com", panel.Find("#from-warning").TextContent);
    }

    [Fact]
    public async Task AChineseReaderGetsThePanelAndTheDiagnosisInChinese()
    {
        using var _ = new UiCultureScope("zh-CN");
        await SaveAsync(LocalSmtpServer.FreePort(), SecurityMode.StartTls, Secret);
        var panel = RenderPanel();

        await RunAsync(panel, "#check-connection");

        Assert.Contains("测试设置", panel.Markup);
        Assert.Contains("检查连接", panel.Find("#check-connection").TextContent);
        Assert.Contains("拒绝了端口", panel.Find("#test-result").TextContent);
        Assert.Contains("如何解决", panel.Find("#advice").TextContent);
        Assert.Contains("TCP 连接", panel.Find("#stages").TextContent);
    }

    [Fact]
    public async Task TheProbeTriesTheSavedHostsPortsAndIsAHistoryEntry()
    {
        await SaveAsync(LocalSmtpServer.FreePort(), SecurityMode.StartTls, Secret);
        var panel = RenderPanel();

        await panel.Find("#probe-ports").ClickAsync(new MouseEventArgs());

        panel.WaitForElement("#probe-recommendation", TimeSpan.FromSeconds(30));
        Assert.Equal(4, panel.FindAll("#probe-results tbody tr").Count);
        var entry = Assert.Single(await Get<SmtpPortal.History.AuditLog>().FindAsync(
            new SmtpPortal.History.AuditFilter(SmtpPortal.History.AuditAction.PortsProbed), Ct));
        Assert.StartsWith("127.0.0.1: 25 ", entry.Details);
    }

    [Fact]
    public async Task AProbeOverTheAdminsTestCapSaysWhenTheNextMayStartAndProbesNothing()
    {
        await SaveAsync(LocalSmtpServer.FreePort(), SecurityMode.StartTls, Secret);
        var panel = RenderPanel();
        var perMinute = new SmtpPortal.Security.AdminSecurityOptions().TestSendsPerMinute;
        for (var check = 0; check < perMinute; check++)
            await RunAsync(panel, "#check-connection");

        await panel.Find("#probe-ports").ClickAsync(new MouseEventArgs());

        var message = panel.WaitForElement("#probe-rate-limit", TimeSpan.FromSeconds(15)).TextContent;
        Assert.Contains($"You have run {perMinute} tests in the last minute (test emails, connection checks and port probes count together). The next one can start in ", message);
        Assert.Empty(panel.FindAll("#probe-results"));
        Assert.Empty(await Get<SmtpPortal.History.AuditLog>().FindAsync(
            new SmtpPortal.History.AuditFilter(SmtpPortal.History.AuditAction.PortsProbed), Ct));
    }

    [Fact]
    public async Task LeavingThePageCancelsARunningTest()
    {
        await using var tarpit = ScriptedSmtpServer.Start(s => s.HoldAsync());
        await SaveAsync(tarpit.Port, SecurityMode.StartTls, Secret);
        var panel = RenderPanel();

        var click = panel.Find("#send-test").ClickAsync(new MouseEventArgs());
        panel.WaitForElement("#cancel-test");
        await DisposeComponentsAsync();
        await click.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        var run = await Get<TestEmailService>().GetLatestAsync(Ct);
        Assert.Equal(SmtpFailureCategory.Cancelled, run!.Category);
    }
}
