using System.Text;
using SmtpPortal.Smtp;
using SmtpPortal.Smtp.Diagnostics;
using SmtpPortal.Tests.TestSupport;
using static SmtpPortal.Tests.TestSupport.SmtpScripts;

namespace SmtpPortal.Tests.Smtp;

/// <summary>Issue 15 §1, "what it says must be true": each case played by a scripted server on
/// 127.0.0.1 and checked in the words an admin reads.</summary>
public sealed class HonestDiagnosisTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);
    private const string User = "admin@example.test";
    private const string Password = "pa55 wörd 🔑";

    private readonly SmtpSender _sender = new(TimeProvider.System);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static SmtpConnection To(ScriptedSmtpServer server, SecurityMode mode, string? user = User) =>
        new("127.0.0.1", server.Port, mode, user, user is null ? null : Password);

    private static Dictionary<string, Fault> At(string verb, Fault fault) => new() { [verb] = fault };

    [Fact]
    public async Task TlsThatNeverHappenedIsNotReportedAsTlsAndStartTlsIsOfferedWhenTheServerHasIt()
    {
        using var certificate = TestCertificates.Create();
        await using var offersStartTls = ScriptedSmtpServer.Start(Polite(startTlsCertificate: certificate));
        await using var plainOnly = ScriptedSmtpServer.Start(Polite());

        var withOffer = await _sender.CheckAsync(To(offersStartTls, SecurityMode.None), Deadline, null, Ct);
        var withoutOffer = await _sender.CheckAsync(To(plainOnly, SecurityMode.None), Deadline, null, Ct);

        var offered = DiagnosisWords.Render(withOffer);
        Assert.True(withOffer.Succeeded);
        Assert.DoesNotContain("TLS and login succeeded", offered.Summary);
        Assert.Contains("without encryption", offered.Summary);
        Assert.Contains("plain text", offered.Summary);
        Assert.Contains("offers STARTTLS", offered.Fix);
        Assert.Equal(new QuickFix(QuickFixKind.SwitchSecurity, "Switch to STARTTLS", SecurityMode.StartTls, offersStartTls.Port), offered.QuickFix);
        var notOffered = DiagnosisWords.Render(withoutOffer);
        Assert.Contains("without encryption", notOffered.Summary);
        Assert.Null(notOffered.QuickFix);
        Assert.Contains("no STARTTLS", notOffered.Fix);
    }

    [Fact]
    public async Task ASlowGreetingIsReportedAsUnfinishedWithItsBytesAndNoSecurityModeFix()
    {
        await using var server = ScriptedSmtpServer.Start(s => s.TrickleAsync("220 a very slow greeting from the tarpit\r\n", TimeSpan.FromMilliseconds(200)));

        var outcome = await _sender.CheckAsync(To(server, SecurityMode.StartTls), Deadline, null, Ct);

        var words = DiagnosisWords.Render(outcome);
        Assert.Equal(SmtpFailureCategory.GreetingIncomplete, outcome.Category);
        Assert.InRange(outcome.Evidence.GreetingBytes!.Value, 3, 20);
        Assert.Contains($"{outcome.Evidence.GreetingBytes} bytes arrived in", words.Summary);
        Assert.Contains("started its greeting but did not finish it", words.Summary);
        Assert.DoesNotContain("said nothing", DiagnosisWords.All(words));
        Assert.Null(words.QuickFix);
        Assert.DoesNotContain("Switch", DiagnosisWords.All(words));
    }

    [Fact]
    public async Task AnEndlessEhloReplyIsStoppedAsOverlongWithinTheDeadline()
    {
        await using var server = ScriptedSmtpServer.Start(async s =>
        {
            await s.SendAsync("220 flood.test ESMTP");
            await s.ExpectAsync("EHLO");
            var chunk = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("250-FLOOD the same capability again and again\r\n", 1000)));
            for (var i = 0; i < 100; i++)
                await s.SendBytesAsync(chunk);
        });

        var outcome = await _sender.CheckAsync(To(server, SecurityMode.None), TimeSpan.FromSeconds(10), null, Ct);

        var words = DiagnosisWords.Render(outcome);
        Assert.Equal(SmtpFailureCategory.ReplyTooLong, outcome.Category);
        Assert.Contains("overlong reply", words.Summary);
        Assert.DoesNotContain("stopped answering", DiagnosisWords.All(words));
        Assert.InRange(outcome.Evidence.ReplyLines!.Value, SmtpTranscript.MaxReplyLines, SmtpTranscript.MaxReplyLines + 1000);
        Assert.True(outcome.Elapsed < TimeSpan.FromSeconds(10), $"took {outcome.Elapsed}");
        Assert.True(outcome.Transcript.Length <= SmtpTranscript.MaxLength + 200);
    }

    [Fact]
    public async Task NoAnswerAfterTheFinalDotSaysTheMessageMayHaveBeenDeliveredAndNotToSimplyRetry()
    {
        await using var server = ScriptedSmtpServer.Start(Polite(At(".", s => s.HoldAsync())));

        var outcome = await _sender.SendAsync(To(server, SecurityMode.None), FaultInjectionTests.Message(), Deadline, null, Ct);

        var words = DiagnosisWords.Render(outcome);
        Assert.Equal(SmtpFailureCategory.DeliveryUnknown, outcome.Category);
        Assert.True(outcome.Diagnosis.MayHaveBeenDelivered);
        Assert.Contains("may already have been delivered", words.Summary);
        Assert.Contains("Check someone@example.test's inbox", words.Fix);
        Assert.Contains("duplicate", words.Fix);
        Assert.DoesNotContain("Try again", DiagnosisWords.All(words));
    }

    [Fact]
    public async Task A454ToStartTlsMeansTlsIsUnavailableNowAndNothingGoesOutInPlainText()
    {
        using var certificate = TestCertificates.Create();
        await using var server = ScriptedSmtpServer.Start(Polite(At("STARTTLS", Reply("454 4.7.0 TLS not available due to local problem")),
            startTlsCertificate: certificate));

        var outcome = await _sender.SendAsync(To(server, SecurityMode.StartTls), FaultInjectionTests.Message(), Deadline, null, Ct);

        var words = DiagnosisWords.Render(outcome);
        Assert.Equal(SmtpFailureCategory.StartTlsRefused, outcome.Category);
        Assert.Equal(FailureDuration.Transient, outcome.Diagnosis.Duration);
        Assert.Contains("cannot start TLS right now", words.Summary);
        Assert.DoesNotContain("busy", DiagnosisWords.All(words));
        Assert.DoesNotContain("login backend", DiagnosisWords.All(words));
        Assert.Equal("454 4.7.0 TLS not available due to local problem", outcome.Evidence.ServerReply);
        Assert.DoesNotContain(server.Received, l => l.StartsWith("AUTH", StringComparison.Ordinal) || l.StartsWith("MAIL", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ServerSaidQuotesTheServerOnlyAndLibraryTextIsADetail()
    {
        await using var server = ScriptedSmtpServer.Start(Polite(At("AUTH", s =>
        {
            s.Dispose();
            return Task.CompletedTask;
        })));

        var outcome = await _sender.CheckAsync(To(server, SecurityMode.None), Deadline, null, Ct);

        var words = DiagnosisWords.Render(outcome);
        Assert.Equal(SmtpFailureCategory.ConnectionLost, outcome.Category);
        Assert.Null(outcome.Evidence.ServerReply);
        Assert.Contains(words.Details, d => d.Contains("unexpectedly disconnected", StringComparison.Ordinal));
        Assert.DoesNotContain("unexpectedly disconnected", words.Summary);
    }

    [Fact]
    public async Task ACertificateIsNeverQuotedAsTheServersReply()
    {
        using var certificate = TestCertificates.Create("vm", forLoopback: false);
        await using var server = ScriptedSmtpServer.Start(Polite(startTlsCertificate: certificate));

        var outcome = await _sender.CheckAsync(To(server, SecurityMode.StartTls), Deadline, null, Ct);

        Assert.Equal(SmtpFailureCategory.Certificate, outcome.Category);
        Assert.Null(outcome.Evidence.ServerReply);
        Assert.Contains(DiagnosisWords.Render(outcome).Details, d => d == "Certificate subject: CN=vm");
    }

    [Fact]
    public async Task AResetDuringDataAfterASuccessfulLoginGetsNoSecurityModeHint()
    {
        await using var server = ScriptedSmtpServer.Start(Polite(At("DATA", async s =>
        {
            await s.SendAsync("354 go ahead");
            await s.ReadLineAsync();
            s.Reset();
        })));

        var outcome = await _sender.SendAsync(To(server, SecurityMode.None), FaultInjectionTests.Message(), Deadline, null, Ct);

        var words = DiagnosisWords.All(DiagnosisWords.Render(outcome));
        Assert.Equal(SmtpFailureCategory.ConnectionLost, outcome.Category);
        Assert.DoesNotContain("security mode", words, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("SSL/TLS", words);
        Assert.DoesNotContain("STARTTLS", words);
    }

    [Fact]
    public async Task A554RejectedAsSpamIsAboutContentAndReputationNotTheFromAddress()
    {
        await using var server = ScriptedSmtpServer.Start(Polite(At(".", Reply("554 5.7.1 Message rejected as spam"))));

        var outcome = await _sender.SendAsync(To(server, SecurityMode.None), FaultInjectionTests.Message(), Deadline, null, Ct);

        var words = DiagnosisWords.Render(outcome, "gmail");
        Assert.Equal(SmtpFailureCategory.MessageRejected, outcome.Category);
        Assert.Equal(FailureDuration.Permanent, outcome.Diagnosis.Duration);
        Assert.Contains("spam", words.Explanation);
        Assert.Contains("reputation", words.Explanation);
        Assert.Contains("content", words.Fix);
        Assert.DoesNotContain("Send mail as", DiagnosisWords.All(words));
        Assert.DoesNotContain("From the account", DiagnosisWords.All(words));
    }

    [Fact]
    public async Task AServerThatOffersNoAuthGetsPlainAdviceInsteadOfAnUnknownFailure()
    {
        await using var server = ScriptedSmtpServer.Start(Polite(auth: null));

        var outcome = await _sender.CheckAsync(To(server, SecurityMode.None), Deadline, null, Ct);

        var words = DiagnosisWords.Render(outcome);
        Assert.Equal(SmtpFailureCategory.AuthenticationNotOffered, outcome.Category);
        Assert.Contains("offers no login (no AUTH)", words.Summary);
        Assert.Contains("leave the username empty", words.Fix);
        Assert.Contains("submission port", words.Fix);
        Assert.DoesNotContain(server.Received, l => l.StartsWith("AUTH", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("wrong name", "it is self-signed", "it was issued for vm, not for 127.0.0.1")]
    [InlineData("expired", "it is self-signed", "it expired on")]
    [InlineData("not yet valid", "it is self-signed", "it is not valid before")]
    public async Task EveryCertificateProblemIsNamedWithSubjectIssuerAndAnOpensslFingerprint(string kind, string first, string second)
    {
        var now = DateTimeOffset.UtcNow;
        using var certificate = kind switch
        {
            "wrong name" => TestCertificates.Create("vm", forLoopback: false),
            "expired" => TestCertificates.Create(notAfter: now.AddDays(-2)),
            _ => TestCertificates.Create(notBefore: now.AddDays(2), notAfter: now.AddDays(30)),
        };
        await using var server = ScriptedSmtpServer.Start(Polite(startTlsCertificate: certificate));

        var outcome = await _sender.CheckAsync(To(server, SecurityMode.StartTls), Deadline, null, Ct);

        var words = DiagnosisWords.Render(outcome);
        Assert.Equal(SmtpFailureCategory.Certificate, outcome.Category);
        Assert.Contains(first, words.Summary);
        Assert.Contains(second, words.Summary);
        var subject = certificate.Subject;
        Assert.Contains($"Certificate subject: {subject}", words.Details);
        Assert.Contains($"Issuer: {certificate.Issuer}", words.Details);
        var openssl = string.Join(':', Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(certificate.RawData)).Chunk(2).Select(c => new string(c)));
        Assert.Contains($"SHA-256 fingerprint: {openssl}", words.Details);
        Assert.DoesNotContain(server.Received, l => l.StartsWith("AUTH", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ANonAsciiLocalPartIsRefusedBeforeSendingToAServerWithoutSmtpUtf8()
    {
        await using var server = ScriptedSmtpServer.Start(Polite());

        var outcome = await _sender.SendAsync(To(server, SecurityMode.None), FaultInjectionTests.Message(to: "用户@example.test"), Deadline, null, Ct);

        var words = DiagnosisWords.Render(outcome);
        Assert.Equal(SmtpFailureCategory.Utf8AddressNotSupported, outcome.Category);
        Assert.Contains("用户@example.test", words.Summary);
        Assert.Contains("SMTPUTF8", words.Summary);
        Assert.Contains("nothing was sent", words.Summary);
        Assert.DoesNotContain(server.Received, l => l.StartsWith("MAIL", StringComparison.Ordinal) || l.StartsWith("AUTH", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ANonAsciiLocalPartInTheFromIsRefusedToo()
    {
        await using var server = ScriptedSmtpServer.Start(Polite());

        var outcome = await _sender.SendAsync(To(server, SecurityMode.None), FaultInjectionTests.Message(from: "发件人@example.test"), Deadline, null, Ct);

        var words = DiagnosisWords.Render(outcome);
        Assert.Equal(SmtpFailureCategory.Utf8AddressNotSupported, outcome.Category);
        Assert.Equal("The address 发件人@example.test has non-ASCII characters before the @, and the server does not offer SMTPUTF8: nothing was sent.", words.Summary);
        Assert.Contains("Use an address whose part before the @ is ASCII", words.Fix);
        Assert.DoesNotContain(server.Received, l => l.StartsWith("MAIL", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AServerThatOffersSmtpUtf8TakesANonAsciiLocalPart()
    {
        await using var server = ScriptedSmtpServer.Start(Polite(offers: ["SMTPUTF8"]));

        var outcome = await _sender.SendAsync(To(server, SecurityMode.None), FaultInjectionTests.Message(to: "用户@example.test"), Deadline, null, Ct);

        Assert.True(outcome.Succeeded, outcome.Category.ToString());
        Assert.Contains(server.Received, l => l.StartsWith("MAIL FROM:<sender@example.test>", StringComparison.Ordinal) && l.Contains("SMTPUTF8", StringComparison.Ordinal));
        Assert.Contains(server.Received, l => l == "RCPT TO:<用户@example.test>");
    }

    [Fact]
    public async Task AnInternationalDomainStillGoesOutAsPunycode()
    {
        await using var server = ScriptedSmtpServer.Start(Polite());

        var outcome = await _sender.SendAsync(To(server, SecurityMode.None), FaultInjectionTests.Message(to: "user@bücher.example"), Deadline, null, Ct);

        Assert.True(outcome.Succeeded, outcome.Category.ToString());
        Assert.Contains(server.Received, l => l == "RCPT TO:<user@xn--bcher-kva.example>");
    }
}
