using System.Text;
using SmtpPortal.Providers;
using SmtpPortal.Smtp;
using SmtpPortal.Smtp.Diagnostics;
using SmtpPortal.Tests.TestSupport;
using static SmtpPortal.Tests.TestSupport.SmtpScripts;

namespace SmtpPortal.Tests.Smtp;

/// <summary>Every SMTP fault from the trust checklist, played by a scripted server on 127.0.0.1:
/// each run ends in the right category, with the right advice, before its deadline.</summary>
public sealed class FaultInjectionTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(3);
    private const string User = "admin@example.test";
    private const string Password = "pa55 wörd 🔑 \"quoted\"";

    private readonly SmtpSender _sender = new(TimeProvider.System);

    internal static OutgoingMessage Message(string from = "sender@example.test", string to = "someone@example.test")
    {
        var mime = new MimeKit.MimeMessage { Subject = "fault" };
        mime.From.Add(MimeKit.MailboxAddress.Parse(from));
        mime.To.Add(MimeKit.MailboxAddress.Parse(to));
        mime.Body = new MimeKit.TextPart("plain") { Text = "body" };
        return OutgoingMessage.FromHeaders(mime);
    }

    private async Task<(SendOutcome Outcome, DiagnosisReport Advice)> RunAsync(
        ScriptedSmtpServer server, SecurityMode mode, string preset = "custom", string? user = User, string? pin = null)
    {
        var connection = new SmtpConnection("127.0.0.1", server.Port, mode, user, user is null ? null : Password, pin);
        var outcome = await _sender.SendAsync(connection, Message(), Deadline, null, TestContext.Current.CancellationToken);
        Assert.True(outcome.Elapsed < Deadline + Margin, $"took {outcome.Elapsed}");
        Assert.DoesNotContain(Password, outcome.Transcript);
        return (outcome, DiagnosisWords.Render(outcome, preset));
    }

    private static Dictionary<string, Fault> At(string verb, Fault fault) => new() { [verb] = fault };

    [Fact]
    public async Task ATarpitThatNeverGreetsEndsAtTheDeadlineAndSuggestsSslTls()
    {
        await using var server = ScriptedSmtpServer.Start(s => s.HoldAsync());

        var (outcome, advice) = await RunAsync(server, SecurityMode.StartTls);

        Assert.Equal(SmtpFailureCategory.NoGreeting, outcome.Category);
        Assert.Equal(SmtpStage.Greeting, outcome.Evidence.Stage);
        Assert.Equal(SecurityMode.SslOnConnect, advice.QuickFix!.Security);
        Assert.Contains("sent nothing at all", advice.Summary);
        Assert.Contains(outcome.Stages, s => s.Stage == SmtpStage.Connect && s.State == StageState.Ok);
        Assert.Contains(outcome.Stages, s => s.Stage == SmtpStage.Greeting && s.State == StageState.Failed);
    }

    [Fact]
    public async Task ATlsHandshakeThatStallsEndsAtTheDeadline()
    {
        await using var server = ScriptedSmtpServer.Start(s => s.HoldAsync());

        var (outcome, _) = await RunAsync(server, SecurityMode.SslOnConnect);

        Assert.Equal(SmtpFailureCategory.Timeout, outcome.Category);
        Assert.Equal(SmtpStage.Tls, outcome.Evidence.Stage);
        Assert.Contains("TLS handshake", DiagnosisWords.Render(outcome).Summary);
    }

    [Fact]
    public async Task StartTlsAgainstAnImplicitTlsPortIsRecognisedAndOffersSslTls()
    {
        using var certificate = TestCertificates.Create();
        await using var server = ScriptedSmtpServer.Start(async s =>
        {
            await s.UpgradeToTlsAsync(certificate);
            await Polite()(s);
        });

        var (outcome, advice) = await RunAsync(server, SecurityMode.StartTls);

        Assert.Equal(SmtpFailureCategory.NoGreeting, outcome.Category);
        Assert.Equal(new QuickFix(QuickFixKind.SwitchSecurity, "Switch to SSL/TLS", SecurityMode.SslOnConnect, server.Port), advice.QuickFix);
    }

    [Fact]
    public async Task ImplicitTlsAgainstAPlainPortIsAModeMismatchWithAOneClickFix()
    {
        await using var server = ScriptedSmtpServer.Start(Polite());

        var (outcome, advice) = await RunAsync(server, SecurityMode.SslOnConnect);

        Assert.Equal(SmtpFailureCategory.TlsMismatch, outcome.Category);
        Assert.Equal(SecurityMode.StartTls, advice.QuickFix!.Security);
        Assert.Contains("STARTTLS", advice.Explanation);
    }

    [Fact]
    public async Task AServerWithoutStartTlsIsRefusedBeforeAnyLogin()
    {
        await using var server = ScriptedSmtpServer.Start(Polite());

        var (outcome, advice) = await RunAsync(server, SecurityMode.StartTls, preset: "gmail");

        Assert.Equal(SmtpFailureCategory.StartTlsNotOffered, outcome.Category);
        Assert.DoesNotContain(server.Received, l => l.StartsWith("AUTH", StringComparison.Ordinal));
        Assert.Equal(new QuickFix(QuickFixKind.SwitchSecurity, "Use port 465 with SSL/TLS", SecurityMode.SslOnConnect, 465), advice.QuickFix);
    }

    [Theory]
    [InlineData("GREETING", "421 4.3.2 Service not available, closing channel", "custom", SmtpFailureCategory.Temporary, "refused new connections for now")]
    [InlineData("MAIL", "451 4.3.0 Mail server temporarily rejected message", "custom", SmtpFailureCategory.Temporary, "try again")]
    [InlineData("AUTH", "454 4.7.0 Temporary authentication failure", "custom", SmtpFailureCategory.Temporary, "try again")]
    [InlineData("AUTH", "534 5.7.9 Application-specific password required", "gmail", SmtpFailureCategory.AuthenticationFailed, "app password")]
    [InlineData("AUTH", "535 5.7.8 Username and Password not accepted", "qq", SmtpFailureCategory.AuthenticationFailed, "authorization code")]
    [InlineData("AUTH", "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled", "custom", SmtpFailureCategory.AuthenticationFailed, "Authenticated SMTP")]
    [InlineData("AUTH", "535 Authentication failed: Bad username / password", "sendgrid", SmtpFailureCategory.AuthenticationFailed, "apikey")]
    [InlineData("AUTH", "535 5.7.3 Authentication unsuccessful", "outlook", SmtpFailureCategory.AuthenticationFailed, "OAuth2")]
    [InlineData("MAIL", "550 The from address does not match a verified Sender Identity", "sendgrid", SmtpFailureCategory.SenderRejected, "Sender Identity")]
    [InlineData("MAIL", "553 5.7.1 Sender address rejected: not owned by user", "163", SmtpFailureCategory.SenderRejected, "account's own address")]
    [InlineData("RCPT", "554 5.7.1 Recipient address rejected: not verified", "amazon-ses", SmtpFailureCategory.RecipientRejected, "sandbox")]
    public async Task EachReplyCodeEndsInItsCategoryWithItsAdvice(
        string verb, string reply, string preset, SmtpFailureCategory category, string advice)
    {
        await using var server = ScriptedSmtpServer.Start(Polite(At(verb, Reply(reply))));

        var (outcome, got) = await RunAsync(server, SecurityMode.None, preset);

        Assert.Equal(category, outcome.Category);
        Assert.Contains(advice, got.Explanation + " " + got.Fix, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(reply, outcome.Transcript);
        Assert.Equal(reply, outcome.Evidence.ServerReply);
    }

    [Fact]
    public async Task A530MeansTheServerWantsALogin()
    {
        await using var server = ScriptedSmtpServer.Start(Polite(At("MAIL", Reply("530 5.7.0 Authentication required")), auth: null));

        var (outcome, advice) = await RunAsync(server, SecurityMode.None, user: null);

        Assert.Equal(SmtpFailureCategory.AuthenticationRequired, outcome.Category);
        Assert.Equal(530, outcome.Evidence.ReplyCode);
        Assert.Contains("username and password", advice.Fix);
    }

    [Fact]
    public async Task AConnectionResetDuringDataIsReportedAsSuch()
    {
        await using var server = ScriptedSmtpServer.Start(Polite(At("DATA", async s =>
        {
            await s.SendAsync("354 go ahead");
            await s.ReadLineAsync();
            s.Reset();
        })));

        var (outcome, advice) = await RunAsync(server, SecurityMode.None);

        Assert.Equal(SmtpFailureCategory.ConnectionLost, outcome.Category);
        Assert.Equal(SmtpStage.Message, outcome.Evidence.Stage);
        Assert.Contains("cut during DATA, before the server confirmed the message", advice.Explanation);
    }

    [Fact]
    public async Task ASelfSignedCertificateFailsUnlessPinnedAndOffersToTrustExactlyIt()
    {
        using var certificate = TestCertificates.Create();
        await using var server = ScriptedSmtpServer.Start(Polite(startTlsCertificate: certificate));

        var (refused, advice) = await RunAsync(server, SecurityMode.StartTls);
        var (pinned, _) = await RunAsync(server, SecurityMode.StartTls, pin: TestCertificates.Sha256(certificate));

        Assert.Equal(SmtpFailureCategory.Certificate, refused.Category);
        Assert.Equal(QuickFixKind.TrustCertificate, advice.QuickFix!.Kind);
        Assert.Equal(TestCertificates.Sha256(certificate), advice.QuickFix.CertificateSha256);
        Assert.True(pinned.Succeeded, pinned.Category.ToString());
        Assert.Contains("pinned by SHA-256", DiagnosisWords.StageDetail(pinned, SmtpStage.Tls));
        Assert.Single(server.Received, l => l.StartsWith("AUTH", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnUnknownHostAndAClosedPortEachGetTheirOwnAdvice()
    {
        var unknown = await _sender.SendAsync(new SmtpConnection("no-such-host.invalid", 587, SecurityMode.StartTls, User, Password),
            Message(), Deadline, null, TestContext.Current.CancellationToken);
        var closed = await _sender.SendAsync(new SmtpConnection("127.0.0.1", LocalSmtpServer.FreePort(), SecurityMode.StartTls, User, Password),
            Message(), Deadline, null, TestContext.Current.CancellationToken);

        Assert.Equal(SmtpFailureCategory.Dns, unknown.Category);
        Assert.Contains("DNS", DiagnosisWords.Render(unknown).Explanation);
        Assert.Equal(SmtpFailureCategory.ConnectionRefused, closed.Category);
        Assert.Contains("465", DiagnosisWords.Render(closed, "gmail").Fix);
    }

    [Fact]
    public async Task AGbkReplyFromQqIsReadableInTheTranscript()
    {
        var gbk = CodePagesEncodingProvider.Instance.GetEncoding(936)!;
        await using var server = ScriptedSmtpServer.Start(Polite(At("AUTH",
            s => s.SendBytesAsync([.. Encoding.ASCII.GetBytes("535 "), .. gbk.GetBytes("登录失败，请使用授权码登录"), .. "\r\n"u8]))));

        var (outcome, advice) = await RunAsync(server, SecurityMode.None, preset: "qq");

        Assert.Equal(SmtpFailureCategory.AuthenticationFailed, outcome.Category);
        Assert.Contains("S: 535 登录失败，请使用授权码登录", outcome.Transcript);
        Assert.Equal("535 登录失败，请使用授权码登录", outcome.Evidence.ServerReply);
        Assert.Contains("授权码", advice.Fix);
    }
}
