using MimeKit;
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
    private readonly SmtpSender _sender = new(TimeProvider.System);

    private static SmtpConnection To(LocalSmtpServer server, string password) =>
        new("127.0.0.1", server.Port, SecurityMode.StartTls, LocalSmtpServer.UserName, password,
            TestCertificates.Sha256(server.Certificate!));

    private static OutgoingMessage Message()
    {
        var mime = new MimeMessage { Subject = "subject", Body = new TextPart("plain") { Text = "body" } };
        mime.From.Add(MailboxAddress.Parse("sender@example.test"));
        mime.To.Add(MailboxAddress.Parse("someone@example.test"));
        return OutgoingMessage.FromHeaders(mime);
    }

    [Fact]
    public async Task AWrongQqAuthorizationCodeIsExplainedInChineseWithTheStagesInChinese()
    {
        using var _ = new UiCultureScope("zh-CN");
        await using var server = LocalSmtpServer.StartTls();

        var outcome = await _sender.SendAsync(To(server, "wrong password"), Message(), Deadline, null, TestContext.Current.CancellationToken);
        var report = DiagnosisWords.Render(outcome, "qq");

        Assert.Equal(SmtpFailureCategory.AuthenticationFailed, outcome.Category);
        Assert.Equal("服务器拒绝了用户名或密码。", report.Summary);
        Assert.StartsWith("服务器拒绝了登录（535）", report.Explanation);
        Assert.Contains("16 位授权码，而不是 QQ 密码", report.Fix);
        Assert.Contains("开启“POP3/IMAP/SMTP 服务”", report.Fix);
        Assert.Equal(["解析主机名", "TCP 连接", "服务器问候", "EHLO 握手", "STARTTLS 升级", "TLS 加密", "登录（AUTH）"],
            outcome.Stages.Where(s => s.State != StageState.Pending).Select(s => DiagnosisWords.Stages.Title(s.Stage)).Take(7));
        Assert.StartsWith("已连接到 127.0.0.1:", DiagnosisWords.StageDetail(outcome, SmtpStage.Connect));
    }

    [Fact]
    public async Task TheSameFailureInEnglishReadsAsBefore()
    {
        using var _ = new UiCultureScope("en-US");
        await using var server = LocalSmtpServer.StartTls();

        var outcome = await _sender.SendAsync(To(server, "wrong password"), Message(), Deadline, null, TestContext.Current.CancellationToken);
        var report = DiagnosisWords.Render(outcome, "qq");

        Assert.Equal("The server rejected the username or password.", report.Summary);
        Assert.Contains("authorization code", report.Fix);
        Assert.Equal("Resolve host", DiagnosisWords.Stages.Title(outcome.Stages[0].Stage));
    }

    [Fact]
    public async Task ASuccessfulSendSaysSoInChinese()
    {
        using var _ = new UiCultureScope("zh-CN");
        await using var server = LocalSmtpServer.StartTls();

        var outcome = await _sender.SendAsync(To(server, LocalSmtpServer.Password), Message(), Deadline, null, TestContext.Current.CancellationToken);

        Assert.True(outcome.Succeeded, outcome.Category.ToString());
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", DiagnosisWords.Texts.Summary(outcome.Diagnosis));
        Assert.Contains("someone@example.test", DiagnosisWords.Texts.Summary(outcome.Diagnosis));
    }

    [Fact]
    public void PortProbeMeaningsAreChinese()
    {
        using var _ = new UiCultureScope("zh-CN");

        var filtered = DiagnosisWords.Probes.Meaning("smtp.example.test", new PortProbeResult(25, PortState.Filtered, null, TimeSpan.Zero));

        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", filtered);
        Assert.Contains("25", filtered);
    }

    [Fact]
    public async Task TheTestEmailIsWrittenInTheLanguageOfTheAdminWhoSendsIt()
    {
        using var data = new TempFolder();
        await using var portal = new PortalFactory(data.Path);
        var service = portal.Get<TestEmailService>();
        var settings = new SmtpPortal.Settings.SmtpSettings
        {
            PresetId = "qq", Host = "smtp.qq.com", Port = 465, Security = SecurityMode.SslOnConnect,
            Username = "12345@qq.com", FromAddress = "12345@qq.com",
        };
        var at = new DateTimeOffset(2026, 12, 1, 0, 48, 0, TimeSpan.Zero);

        OutgoingMessage chinese, english;
        using (new UiCultureScope("zh-CN"))
            chinese = service.TestMessage(settings, "ops@example.test", at);
        using (new UiCultureScope("en-US"))
            english = service.TestMessage(settings, "ops@example.test", at);

        Assert.Equal("SmtpPortal 测试邮件", chinese.Content.Subject);
        Assert.Contains("如果你能读到它，说明这台服务器可以发送邮件", chinese.Content.TextBody);
        Assert.Contains("SMTP 服务器：smtp.qq.com:465\n  加密方式：SSL/TLS", chinese.Content.TextBody!.ReplaceLineEndings("\n"));
        Assert.Equal("SmtpPortal test email", english.Content.Subject);
        Assert.Contains("server:   smtp.qq.com:465 (SSL/TLS", english.Content.TextBody);
    }
}
