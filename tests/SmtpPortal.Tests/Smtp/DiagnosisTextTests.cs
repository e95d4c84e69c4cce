using Microsoft.Extensions.Localization;
using SmtpPortal.Providers;
using SmtpPortal.Smtp;
using SmtpPortal.Smtp.Diagnostics;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Smtp;

/// <summary>Words for the failures that cannot be staged on 127.0.0.1 (a dropped SYN, a revoked
/// certificate) and for the provider-specific branches, chosen from the evidence alone.</summary>
public sealed class DiagnosisTextTests
{
    private static DiagnosisReport Render(SmtpFailureCategory category, string preset, int port, SecurityMode mode,
        SmtpStage? stage = null, string? reply = null, int? code = null) =>
        DiagnosisWords.Render(SmtpDiagnosis.Of(category, new SmtpEvidence
        {
            Host = "smtp.example.test", Port = port, Security = mode, Stage = stage, ServerReply = reply, ReplyCode = code,
            EnhancedStatus = SmtpReply.EnhancedStatusOf(reply), Deadline = TimeSpan.FromSeconds(30),
        }), preset);

    [Fact]
    public void ATimeoutWhileConnectingBlamesTheBlockedPortAndSuggestsThePresetsOtherPortsAnd2525()
    {
        var advice = Render(SmtpFailureCategory.Timeout, "sendgrid", 25, SecurityMode.StartTls, SmtpStage.Connect);

        Assert.Contains("block outbound port 25", advice.Explanation);
        Assert.Contains("587", advice.Fix);
        Assert.Contains("Port 2525 exists exactly for hosts that block the usual ones", advice.Fix);
    }

    [Fact]
    public void Microsoft365s5_7_139AsksToEnableSmtpAuthForTheMailboxWhateverThePreset()
    {
        var advice = Render(SmtpFailureCategory.AuthenticationFailed, "custom", 587, SecurityMode.StartTls,
            reply: "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox", code: 535);

        Assert.Contains("Authenticated SMTP", advice.Fix);
    }

    [Fact]
    public void ARevokedCertificateIsNeverOfferedForPinning()
    {
        var diagnosis = SmtpDiagnosis.Of(SmtpFailureCategory.Certificate, new SmtpEvidence
        {
            Host = "relay.example.test", Port = 465,
            Certificate = new CertificateEvidence("CN=relay", "CN=Some CA", ["relay.example.test"], DateTimeOffset.UtcNow.AddDays(-1),
                DateTimeOffset.UtcNow.AddDays(90), new string('A', 64), CertificateProblem.Revoked, RevocationStatus.Revoked, false),
        });

        var advice = DiagnosisWords.Render(diagnosis);

        Assert.Null(advice.QuickFix);
        Assert.Contains("it was revoked by its issuer", advice.Summary);
        Assert.Contains("Do not trust it", advice.Fix);
    }

    [Fact]
    public void AKnownProvidersBadCertificateIsNotOfferedAsSomethingToPinLightly()
    {
        var diagnosis = SmtpDiagnosis.Of(SmtpFailureCategory.Certificate, new SmtpEvidence
        {
            Host = "smtp.gmail.com", Port = 465,
            Certificate = new CertificateEvidence("CN=evil", "CN=evil", ["evil"], DateTimeOffset.UtcNow.AddDays(-1),
                DateTimeOffset.UtcNow.AddDays(90), new string('B', 64), CertificateProblem.SelfSigned | CertificateProblem.NameMismatch,
                RevocationStatus.NotChecked, false),
        });

        var advice = DiagnosisWords.Render(diagnosis, "gmail");

        Assert.Contains("smtp.gmail.com", advice.Fix);
        Assert.Contains("interception", advice.Fix);
    }

    [Fact]
    public void ChineseReadersGetTheDiagnosisInChinese()
    {
        using var _ = new UiCultureScope("zh-CN");

        var advice = Render(SmtpFailureCategory.AuthenticationFailed, "qq", 465, SecurityMode.SslOnConnect, reply: "535 Login fail", code: 535);

        Assert.Equal("服务器拒绝了用户名或密码。", advice.Summary);
        Assert.Contains("授权码", advice.Fix);
        Assert.DoesNotContain("password", advice.Explanation);
    }

    [Fact]
    public void TheAmazonSesAdviceIsFoundUnderTheCatalogsPresetId()
    {
        var advice = Render(SmtpFailureCategory.AuthenticationFailed, "amazon-ses", 587, SecurityMode.StartTls, reply: "535 Authentication Credentials Invalid", code: 535);

        Assert.Contains("SES console", advice.Fix);
    }

    [Fact]
    public void EveryCategoryHasItsOwnWordsInBothLanguages()
    {
        foreach (var category in Enum.GetValues<SmtpFailureCategory>())
        {
            var english = Render(category, "custom", 587, SecurityMode.StartTls, SmtpStage.Auth, "550 5.7.1 no", 550);
            string chinese;
            using (new UiCultureScope("zh-CN"))
                chinese = Render(category, "custom", 587, SecurityMode.StartTls, SmtpStage.Auth, "550 5.7.1 no", 550).Summary;

            Assert.False(string.IsNullOrWhiteSpace(english.Summary), category.ToString());
            Assert.NotEqual(category.ToString(), english.Summary);
            Assert.NotEqual(english.Summary, chinese);
        }
    }

    [Theory]
    [InlineData("gmail", "me@gmail.com", "alerts@example.test", true)]
    [InlineData("gmail", "me@gmail.com", "other@gmail.com", false)]
    [InlineData("sendgrid", "apikey", "alerts@example.test", false)]
    [InlineData("custom", "me@example.org", "alerts@example.test", false)]
    public void TheFromCheckWarnsOnlyWhereTheProviderRejectsOrRewritesAForeignFrom(
        string preset, string user, string from, bool warns)
    {
        var check = new FromAddressCheck(ProviderAdvice.LoadShipped(), Localizer<FromAddressCheck>());

        Assert.Equal(warns, check.Warn(preset, user, from) is not null);
    }

    private static IStringLocalizer<T> Localizer<T>() =>
        new StringLocalizer<T>(new ResourceManagerStringLocalizerFactory(
            Microsoft.Extensions.Options.Options.Create(new LocalizationOptions { ResourcesPath = SmtpPortal.Localization.UiLanguage.ResourcesPath }),
            Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance));
}
