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
    [InlineData("someone@aliyun.com", "aliyun-personal")]
    [InlineData("someone@yahoo.co.jp", "yahoo-japan")]
    [InlineData("someone@cox.net", "yahoo")]
    [InlineData("someone@myyahoo.com", "yahoo")]
    [InlineData("someone@windowslive.com", "hotmail")]
    [InlineData("someone@livemail.tw", "hotmail")]
    [InlineData("someone@narod.ru", "yandex")]
    [InlineData("someone@google.com", "gmail")]
    [InlineData("admin@contoso.onmicrosoft.com", "microsoft365")]
    [InlineData("admin@onmicrosoft.com", "microsoft365")]
    [InlineData("someone@verizon.net", "aol")]
    [InlineData("someone@aol.com", "aol")]
    [InlineData("someone@gmx.de", "gmx")]
    [InlineData("someone@gmx.com", "gmx")]
    [InlineData("someone@email.com", "mail-com")]
    [InlineData("someone@web.de", "web-de")]
    [InlineData("someone@inbox.ru", "mail-ru")]
    [InlineData("someone@yeah.net", "yeah")]
    [InlineData("someone@sina.com", "sina")]
    [InlineData("someone@sohu.com", "sohu")]
    [InlineData("13800000000@139.com", "china-mobile-139")]
    [InlineData("someone@189.cn", "china-telecom-189")]
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
        Assert.Equal(DetectionBasis.AddressDomain, detection.Basis);
        Assert.Equal(expectedId, detection.Preset.Id);
    }

    [Theory]
    [InlineData("someone@zoho.com", "smtp.zoho.com")]
    [InlineData("someone@zoho.eu", "smtp.zoho.eu")]
    [InlineData("someone@zohomail.eu", "smtp.zoho.eu")]
    [InlineData("someone@zoho.in", "smtp.zoho.in")]
    [InlineData("someone@zohomail.in", "smtp.zoho.in")]
    [InlineData("someone@zoho.com.au", "smtp.zoho.com.au")]
    [InlineData("someone@zohomail.com.au", "smtp.zoho.com.au")]
    [InlineData("someone@zoho.jp", "smtp.zoho.jp")]
    [InlineData("someone@zohomail.jp", "smtp.zoho.jp")]
    [InlineData("someone@zohocloud.ca", "smtp.zohocloud.ca")]
    [InlineData("someone@yahoo.co.jp", "smtp.mail.yahoo.co.jp")]
    [InlineData("someone@yahoo.fr", "smtp.mail.yahoo.com")]
    [InlineData("someone@aliyun.com", "smtp.aliyun.com")]
    [InlineData("someone@gmx.de", "mail.gmx.net")]
    [InlineData("someone@gmx.co.uk", "mail.gmx.com")]
    public void AnAddressFillsTheHostOfItsRegion(string address, string host) =>
        Assert.Equal(host, Detector.Detect(address)!.Host);

    [Theory]
    [InlineData("noreply@example.com")]
    [InlineData("someone@notgmail.com")]
    [InlineData("someone@gmail.com.evil.example")]
    [InlineData("someone@hotmailer.com")]
    public void AnUnknownDomainKeepsCustomAndSaysSo(string address)
    {
        var detection = Detector.Detect(address)!;

        Assert.False(detection.Recognised);
        Assert.Equal(DetectionBasis.Unknown, detection.Basis);
        Assert.True(detection.Preset.IsCustom);
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
