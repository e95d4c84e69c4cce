using SmtpPortal.Providers;
using SmtpPortal.Smtp;
using SmtpPortal.Smtp.Diagnostics;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Localization;

/// <summary>What a test run tells a Chinese admin (stages, outcome, advice, the port probe, the test
/// email itself) is Chinese, with the terms the providers use; the same run in English stays as it was.
/// Real sends to a real SMTP server on 127.0.0.1.</summary>
public sealed class DiagnosticsInChineseTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private static readonly ProviderCatalog Catalog = ProviderCatalog.LoadShipped();
    private readonly TestEmailSender _sender = new(new MailKitSmtpClientFactory(), TimeProvider.System);

    private static SmtpConnection To(LocalSmtpServer server, string password) =>
        new("127.0.0.1", server.Port, SecurityMode.StartTls, LocalSmtpServer.UserName, password,
            TestCertificates.Sha256(server.Certificate!));

    private static TestMessage Message() => new("sender@example.test", null, null, "someone@example.test", "subject", "body");

    [Fact]
    public async Task AWrongQqAuthorizationCodeIsExplainedInChineseWithTheStagesInChinese()
    {
        using var _ = new UiCultureScope("zh-CN");
        await using var server = LocalSmtpServer.StartTls();

        var outcome = await _sender.SendAsync(To(server, "wrong password"), Message(), Deadline, TestContext.Current.CancellationToken);
        var advice = FailureAdvisor.Advise(outcome, server.Port, SecurityMode.StartTls, Catalog.FindOrCustom("qq"))!;

        Assert.Equal(SmtpFailureCategory.AuthenticationFailed, outcome.Category);
        Assert.Equal("服务器拒绝了用户名或密码。请确认该服务商要求的是哪种密码（见其说明）。", outcome.Summary);
        Assert.StartsWith("服务器拒绝了登录（534/535）", advice.Explanation);
        Assert.Contains("16 位授权码，不是 QQ 密码", advice.Fix);
        Assert.Contains("“设置 → 账号”中开启“POP3/IMAP/SMTP服务”", advice.Fix);
        Assert.Equal(["解析主机名", "TCP 连接", "服务器问候", "EHLO 握手", "STARTTLS 升级", "TLS 加密", "登录（AUTH）"],
            outcome.Stages.Where(s => s.State != StageState.Pending).Select(s => s.Title).Take(7));
        Assert.StartsWith("已连接到 127.0.0.1:", outcome.Stages.Single(s => s.Stage == SmtpStage.Connect).Detail);
    }

    [Fact]
    public async Task TheSameFailureInEnglishReadsAsBefore()
    {
        using var _ = new UiCultureScope("en-US");
        await using var server = LocalSmtpServer.StartTls();

        var outcome = await _sender.SendAsync(To(server, "wrong password"), Message(), Deadline, TestContext.Current.CancellationToken);
        var advice = FailureAdvisor.Advise(outcome, server.Port, SecurityMode.StartTls, Catalog.FindOrCustom("qq"))!;

        Assert.Equal("The server rejected the username or password. Check the secret this provider expects (see its notes).", outcome.Summary);
        Assert.StartsWith("QQ Mail wants the 16-letter authorization code (授权码)", advice.Fix);
        Assert.Equal("Resolve host", outcome.Stages[0].Title);
    }

    [Fact]
    public async Task ASuccessfulSendSaysSoInChinese()
    {
        using var _ = new UiCultureScope("zh-CN");
        await using var server = LocalSmtpServer.StartTls();

        var outcome = await _sender.SendAsync(To(server, LocalSmtpServer.Password), Message(), Deadline, TestContext.Current.CancellationToken);

        Assert.True(outcome.Succeeded, outcome.Summary);
        Assert.Equal("已发送。服务器已接收发往 someone@example.test 的邮件。", outcome.Summary);
    }

    [Fact]
    public void ACertificateToTrustAndAPortToSwitchAreOfferedInChinese()
    {
        using var _ = new UiCultureScope("zh-CN");
        var custom = Catalog.Custom;

        var certificate = FailureAdvisor.Advise(
            SendOutcome.Failed(SmtpFailureCategory.Certificate, "x") with { CertificateSha256 = new string('A', 64) }, 465, SecurityMode.SslOnConnect, custom)!;
        var mismatch = FailureAdvisor.Advise(SendOutcome.Failed(SmtpFailureCategory.TlsMismatch, "x"), 465, SecurityMode.StartTls, custom)!;

        Assert.Equal("仅信任这张证书", certificate.QuickFix!.Label);
        Assert.StartsWith("无法验证服务器证书", certificate.Explanation);
        Assert.Equal("切换到 SSL/TLS（直连加密）", mismatch.QuickFix!.Label);
        Assert.Contains("465 端口使用的是 SSL/TLS（直连加密），而不是 STARTTLS", mismatch.Explanation);
    }

    [Fact]
    public void PortProbeMeaningsAndTheRecommendationAreChinese()
    {
        using var _ = new UiCultureScope("zh-CN");

        Assert.Equal("被过滤：完全没有应答。主机商和云服务商默认封禁出站 25 端口。", PortProbe.Meaning(25, PortState.Filtered));
        Assert.Equal("关闭：主机可以连通，但 587 端口上没有服务在监听。", PortProbe.Meaning(587, PortState.Closed));
    }

    [Fact]
    public void TheTestEmailIsWrittenInTheLanguageOfTheAdminWhoSendsIt()
    {
        var settings = new SmtpPortal.Settings.SmtpSettings
        {
            PresetId = "qq", Host = "smtp.qq.com", Port = 465, Security = SecurityMode.SslOnConnect,
            Username = "12345@qq.com", FromAddress = "12345@qq.com",
        };
        var at = new DateTimeOffset(2026, 12, 1, 0, 48, 0, TimeSpan.Zero);

        TestMessage chinese, english;
        using (new UiCultureScope("zh-CN"))
            chinese = TestEmailService.BuildMessage(settings, "ops@example.test", at);
        using (new UiCultureScope("en-US"))
            english = TestEmailService.BuildMessage(settings, "ops@example.test", at);

        Assert.Equal("SmtpPortal 测试邮件", chinese.Subject);
        Assert.Contains("如果你能读到它，说明这台服务器可以发送邮件", chinese.Body);
        Assert.Contains("SMTP 服务器：smtp.qq.com:465\n  加密方式：SSL/TLS（直连加密）", chinese.Body.ReplaceLineEndings("\n"));
        Assert.Equal("SmtpPortal test email", english.Subject);
        Assert.Contains("server:   smtp.qq.com:465 (SSL/TLS (implicit))", english.Body);
    }
}
