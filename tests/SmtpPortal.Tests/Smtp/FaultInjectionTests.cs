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
    private static readonly ProviderCatalog Catalog = ProviderCatalog.LoadShipped();
    private const string User = "admin@example.test";
    private const string Password = "pa55 wörd 🔑 \"quoted\"";

    private readonly TestEmailSender _sender = new(new MailKitSmtpClientFactory(), TimeProvider.System);

    private async Task<(SendOutcome Outcome, SmtpAdvice? Advice)> RunAsync(
        ScriptedSmtpServer server, SecurityMode mode, string preset = "custom", string? user = User, string? pin = null)
    {
        var connection = new SmtpConnection("127.0.0.1", server.Port, mode, user, user is null ? null : Password, pin);
        var message = new TestMessage("sender@example.test", null, null, "someone@example.test", "fault", "body");
        var outcome = await _sender.SendAsync(connection, message, Deadline, TestContext.Current.CancellationToken);
        Assert.True(outcome.Elapsed < Deadline + Margin, $"took {outcome.Elapsed}");
        Assert.DoesNotContain(Password, outcome.Transcript);
        return (outcome, FailureAdvisor.Advise(outcome, server.Port, mode, Catalog.FindOrCustom(preset)));
    }

    private static Dictionary<string, Fault> At(string verb, Fault fault) => new() { [verb] = fault };

    [Fact]
    public async Task ATarpitThatNeverGreetsEndsAtTheDeadlineAndSuggestsSslTls()
    {
        await using var server = ScriptedSmtpServer.Start(s => s.HoldAsync());

        var (outcome, advice) = await RunAsync(server, SecurityMode.StartTls);

        Assert.Equal(SmtpFailureCategory.NoGreeting, outcome.Category);
        Assert.Equal(SmtpStage.Greeting, outcome.FailedStage);
        Assert.Equal(SecurityMode.SslOnConnect, advice!.QuickFix!.Security);
        Assert.Contains(outcome.Stages, s => s.Stage == SmtpStage.Connect && s.State == StageState.Ok);
        Assert.Contains(outcome.Stages, s => s.Stage == SmtpStage.Greeting && s.State == StageState.Failed);
    }

    [Fact]
    public async Task AGreetingTrickledOneByteAtATimeStillEndsAtTheDeadline()
    {
        await using var server = ScriptedSmtpServer.Start(s => s.TrickleAsync("220 a very slow greeting from the tarpit\r\n", TimeSpan.FromMilliseconds(200)));

        var (outcome, _) = await RunAsync(server, SecurityMode.StartTls);

        Assert.Equal(SmtpFailureCategory.NoGreeting, outcome.Category);
    }

    [Fact]
    public async Task ATlsHandshakeThatStallsEndsAtTheDeadline()
    {
        await using var server = ScriptedSmtpServer.Start(s => s.HoldAsync());

        var (outcome, _) = await RunAsync(server, SecurityMode.SslOnConnect);

        Assert.Equal(SmtpFailureCategory.Timeout, outcome.Category);
        Assert.Equal(SmtpStage.Tls, outcome.FailedStage);
        Assert.Contains("TLS handshake", outcome.Summary);
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
        Assert.Equal(new QuickFix(QuickFixKind.SwitchSecurity, "Switch to SSL/TLS", SecurityMode.SslOnConnect, server.Port), advice!.QuickFix);
    }

    [Fact]
    public async Task ImplicitTlsAgainstAPlainPortIsAModeMismatchWithAOneClickFix()
    {
        await using var server = ScriptedSmtpServer.Start(Polite());

        var (outcome, advice) = await RunAsync(server, SecurityMode.SslOnConnect);

        Assert.Equal(SmtpFailureCategory.TlsMismatch, outcome.Category);
        Assert.Equal(SecurityMode.StartTls, advice!.QuickFix!.Security);
        Assert.Contains("STARTTLS", advice.Explanation);
    }

    [Fact]
    public async Task AServerWithoutStartTlsIsRefusedBeforeAnyLogin()
    {
        await using var server = ScriptedSmtpServer.Start(Polite());

        var (outcome, advice) = await RunAsync(server, SecurityMode.StartTls, preset: "gmail");

        Assert.Equal(SmtpFailureCategory.StartTlsNotOffered, outcome.Category);
        Assert.DoesNotContain(server.Received, l => l.StartsWith("AUTH", StringComparison.Ordinal));
        Assert.Equal(new QuickFix(QuickFixKind.SwitchSecurity, "Use port 465 with SSL/TLS", SecurityMode.SslOnConnect, 465), advice!.QuickFix);
    }

    [Theory]
    [InlineData("GREETING", "421 4.3.2 Service not available, closing channel", "custom", SmtpFailureCategory.Temporary, "temporary")]
    [InlineData("MAIL", "451 4.3.0 Mail server temporarily rejected message", "custom", SmtpFailureCategory.Temporary, "try again")]
    [InlineData("AUTH", "454 4.7.0 Temporary authentication failure", "custom", SmtpFailureCategory.Temporary, "try again")]
    [InlineData("AUTH", "534 5.7.9 Application-specific password required", "gmail", SmtpFailureCategory.AuthenticationFailed, "app password")]
    [InlineData("AUTH", "535 5.7.8 Username and Password not accepted", "qq", SmtpFailureCategory.AuthenticationFailed, "authorization code")]
    [InlineData("AUTH", "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled", "custom", SmtpFailureCategory.AuthenticationFailed, "Authenticated SMTP")]
    [InlineData("AUTH", "535 Authentication failed: Bad username / password", "sendgrid", SmtpFailureCategory.AuthenticationFailed, "apikey")]
    [InlineData("AUTH", "535 5.7.3 Authentication unsuccessful", "outlook", SmtpFailureCategory.AuthenticationFailed, "OAuth2")]
    [InlineData("MAIL", "550 The from address does not match a verified Sender Identity", "sendgrid", SmtpFailureCategory.SenderRejected, "Sender Identity")]
    [InlineData("MAIL", "553 5.7.1 Sender address rejected: not owned by user", "163", SmtpFailureCategory.SenderRejected, "account's own address")]
    [InlineData(".", "554 5.7.1 Message rejected as spam", "gmail", SmtpFailureCategory.MessageRejected, "Send mail as")]
    public async Task EachReplyCodeEndsInItsCategoryWithItsAdvice(
        string verb, string reply, string preset, SmtpFailureCategory category, string advice)
    {
        await using var server = ScriptedSmtpServer.Start(Polite(At(verb, Reply(reply))));

        var (outcome, got) = await RunAsync(server, SecurityMode.None, preset);

        Assert.Equal(category, outcome.Category);
        Assert.Contains(advice, got!.Explanation + " " + got.Fix, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(reply, outcome.Transcript);
    }

    [Fact]
    public async Task A530MeansTheServerWantsALogin()
    {
        await using var server = ScriptedSmtpServer.Start(Polite(At("MAIL", Reply("530 5.7.0 Authentication required")), auth: null));

        var (outcome, advice) = await RunAsync(server, SecurityMode.None, user: null);

        Assert.Equal(SmtpFailureCategory.AuthenticationRequired, outcome.Category);
        Assert.Equal(530, outcome.ReplyCode);
        Assert.Contains("username and password", advice!.Fix);
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
        Assert.Equal(SmtpStage.Message, outcome.FailedStage);
        Assert.Contains("during DATA", advice!.Explanation);
    }

    [Fact]
    public async Task ASelfSignedCertificateFailsUnlessPinnedAndOffersToTrustExactlyIt()
    {
        using var certificate = TestCertificates.Create();
        await using var server = ScriptedSmtpServer.Start(Polite(startTlsCertificate: certificate));

        var (refused, advice) = await RunAsync(server, SecurityMode.StartTls);
        var (pinned, _) = await RunAsync(server, SecurityMode.StartTls, pin: TestCertificates.Sha256(certificate));

        Assert.Equal(SmtpFailureCategory.Certificate, refused.Category);
        Assert.Equal(QuickFixKind.TrustCertificate, advice!.QuickFix!.Kind);
        Assert.Equal(TestCertificates.Sha256(certificate), advice.QuickFix.CertificateSha256);
        Assert.True(pinned.Succeeded, pinned.Summary);
        Assert.Contains("pinned by SHA-256", pinned.Stages.Single(s => s.Stage == SmtpStage.Tls).Detail);
        Assert.Single(server.Received, l => l.StartsWith("AUTH", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnUnknownHostAndAClosedPortEachGetTheirOwnAdvice()
    {
        var message = new TestMessage("sender@example.test", null, null, "someone@example.test", "fault", "body");
        var unknown = await _sender.SendAsync(new SmtpConnection("no-such-host.invalid", 587, SecurityMode.StartTls, User, Password),
            message, Deadline, TestContext.Current.CancellationToken);
        var closed = await _sender.SendAsync(new SmtpConnection("127.0.0.1", LocalSmtpServer.FreePort(), SecurityMode.StartTls, User, Password),
            message, Deadline, TestContext.Current.CancellationToken);

        Assert.Equal(SmtpFailureCategory.Dns, unknown.Category);
        Assert.Contains("DNS", FailureAdvisor.Advise(unknown, 587, SecurityMode.StartTls, Catalog.Custom)!.Explanation);
        Assert.Equal(SmtpFailureCategory.ConnectionRefused, closed.Category);
        Assert.Contains("465", FailureAdvisor.Advise(closed, 2526, SecurityMode.StartTls, Catalog.FindOrCustom("gmail"))!.Fix);
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
        Assert.Contains("授权码", advice!.Fix);
    }
}
