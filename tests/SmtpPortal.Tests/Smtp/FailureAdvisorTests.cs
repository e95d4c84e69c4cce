using SmtpPortal.Providers;
using SmtpPortal.Smtp;
using SmtpPortal.Smtp.Diagnostics;

namespace SmtpPortal.Tests.Smtp;

/// <summary>Advice for the failures that cannot be staged on 127.0.0.1 (a dropped SYN) and for the
/// provider-specific branches.</summary>
public sealed class FailureAdvisorTests
{
    private static readonly ProviderCatalog Catalog = ProviderCatalog.LoadShipped();

    private static SmtpAdvice Advise(SmtpFailureCategory category, string preset, int port, SecurityMode mode,
        SmtpStage? stage = null, string? reply = null, int? code = null) =>
        FailureAdvisor.Advise(SendOutcome.Failed(category, "summary", code, reply) with { FailedStage = stage },
            port, mode, Catalog.FindOrCustom(preset))!;

    [Fact]
    public void ATimeoutWhileConnectingBlamesTheBlockedPortAndSuggestsThePresetsOtherPortsAnd2525()
    {
        var advice = Advise(SmtpFailureCategory.Timeout, "sendgrid", 25, SecurityMode.StartTls, SmtpStage.Connect);

        Assert.Contains("block outbound port 25", advice.Explanation);
        Assert.Contains("587", advice.Fix);
        Assert.Contains("2525 exists exactly for blocked hosts", advice.Fix);
    }

    [Fact]
    public void Microsoft365s5_7_139AsksToEnableSmtpAuthForTheMailboxWhateverThePreset()
    {
        var advice = Advise(SmtpFailureCategory.AuthenticationFailed, "custom", 587, SecurityMode.StartTls,
            reply: "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox", code: 535);

        Assert.Contains("Authenticated SMTP", advice.Fix);
    }

    [Fact]
    public void ARevokedCertificateIsNeverOfferedForPinning()
    {
        var outcome = SendOutcome.Failed(SmtpFailureCategory.Certificate, "The server's certificate was revoked by its issuer")
            with { CertificateSha256 = new string('A', 64), CertificateRevoked = true };

        var advice = FailureAdvisor.Advise(outcome, 465, SecurityMode.SslOnConnect, Catalog.Custom)!;

        Assert.Null(advice.QuickFix);
        Assert.Contains("Do not trust it", advice.Fix);
    }

    [Fact]
    public void AKnownProvidersBadCertificateIsNotOfferedAsSomethingToPinLightly()
    {
        var outcome = SendOutcome.Failed(SmtpFailureCategory.Certificate, "not trusted") with { CertificateSha256 = new string('B', 64) };

        var advice = FailureAdvisor.Advise(outcome, 465, SecurityMode.SslOnConnect, Catalog.FindOrCustom("gmail"))!;

        Assert.Contains("smtp.gmail.com", advice.Fix);
        Assert.Contains("interception", advice.Fix);
    }

    [Theory]
    [InlineData("gmail", "me@gmail.com", "alerts@example.test", true)]
    [InlineData("gmail", "me@gmail.com", "other@gmail.com", false)]
    [InlineData("sendgrid", "apikey", "alerts@example.test", false)]
    [InlineData("custom", "me@example.org", "alerts@example.test", false)]
    public void TheFromCheckWarnsOnlyWhereTheProviderRejectsOrRewritesAForeignFrom(
        string preset, string user, string from, bool warns) =>
        Assert.Equal(warns, FromAddressCheck.Warn(preset, user, from) is not null);
}
