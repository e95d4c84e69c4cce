using SmtpPortal.Providers;

namespace SmtpPortal.Tests.Providers;

public sealed class ProviderDetectorTests
{
    private static readonly ProviderDetector Detector = new(ProviderCatalog.LoadShipped());

    [Theory]
    [InlineData("someone@gmail.com", "gmail")]
    [InlineData("someone@googlemail.com", "gmail")]
    [InlineData("someone@outlook.com", "outlook")]
    [InlineData("someone@outlook.fr", "outlook")]
    [InlineData("someone@hotmail.com", "hotmail")]
    [InlineData("someone@hotmail.co.uk", "hotmail")]
    [InlineData("someone@live.com", "hotmail")]
    [InlineData("someone@live.de", "hotmail")]
    [InlineData("someone@msn.com", "hotmail")]
    [InlineData("someone@yahoo.com", "yahoo")]
    [InlineData("someone@yahoo.co.uk", "yahoo")]
    [InlineData("someone@ymail.com", "yahoo")]
    [InlineData("someone@rocketmail.com", "yahoo")]
    [InlineData("12345@qq.com", "qq")]
    [InlineData("someone@foxmail.com", "qq")]
    [InlineData("someone@163.com", "163")]
    [InlineData("someone@126.com", "126")]
    [InlineData("someone@icloud.com", "icloud")]
    [InlineData("someone@me.com", "icloud")]
    [InlineData("someone@mac.com", "icloud")]
    [InlineData("someone@zoho.com", "zoho")]
    [InlineData("someone@zohomail.eu", "zoho")]
    [InlineData("someone@zoho.com.au", "zoho")]
    [InlineData("someone@aliyun.com", "aliyun")]
    [InlineData("someone@yandex.ru", "yandex")]
    [InlineData("someone@yandex.com.tr", "yandex")]
    [InlineData("someone@ya.ru", "yandex")]
    [InlineData("someone@fastmail.com", "fastmail")]
    [InlineData("someone@fastmail.fm", "fastmail")]
    [InlineData("  Someone@GMAIL.COM  ", "gmail")]
    public void AnAddressAtAKnownDomainProposesItsProvider(string address, string expectedId)
    {
        var detection = Detector.Detect(address)!;

        Assert.True(detection.Recognised);
        Assert.Equal(expectedId, detection.Preset.Id);
        Assert.Contains(detection.Preset.Name, detection.Reason);
        Assert.Contains(detection.Domain, detection.Reason);
    }

    [Theory]
    [InlineData("noreply@example.com")]
    [InlineData("someone@notgmail.com")]
    [InlineData("someone@gmail.com.evil.example")]
    [InlineData("someone@hotmailer.com")]
    public void AnUnknownDomainKeepsCustomAndSaysSo(string address)
    {
        var detection = Detector.Detect(address)!;

        Assert.False(detection.Recognised);
        Assert.True(detection.Preset.IsCustom);
        Assert.Contains("does not know the domain", detection.Reason);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("someone")]
    [InlineData("someone@")]
    [InlineData("@gmail.com")]
    [InlineData("someone@localhost")]
    public void SomethingThatIsNotYetAnAddressProposesNothing(string? text) => Assert.Null(Detector.Detect(text));

    [Theory]
    [InlineData("smtp.live.com", "hotmail")]
    [InlineData("SMTP.LIVE.COM", "hotmail")]
    [InlineData(" smtp.mxhichina.com ", "aliyun")]
    [InlineData("smtp-relay.sendinblue.com", "brevo")]
    [InlineData("in.mailjet.com", "mailjet")]
    public void ALegacyHostNamesThePresetThatReplacesIt(string host, string expectedId) =>
        Assert.Equal(expectedId, Detector.ReplacementFor(host)?.Id);

    [Theory]
    [InlineData("smtp-mail.outlook.com")]
    [InlineData("in-v3.mailjet.com")]
    [InlineData("")]
    [InlineData(null)]
    public void ACurrentHostIsNotCalledLegacy(string? host) => Assert.Null(Detector.ReplacementFor(host));
}
