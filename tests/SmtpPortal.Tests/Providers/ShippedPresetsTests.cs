using SmtpPortal.Providers;

namespace SmtpPortal.Tests.Providers;

public sealed class ShippedPresetsTests
{
    private static readonly ProviderCatalog Catalog = ProviderCatalog.LoadShipped();

    public static TheoryData<string> ShippedIds => [.. Catalog.All.Select(p => p.Id)];

    [Theory]
    [MemberData(nameof(ShippedIds))]
    public void EveryShippedPresetMeetsEveryRule(string id)
    {
        var problems = PresetValidator.Validate(Catalog.Find(id)!, shipped: true);

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void TheCatalogHasEveryProviderOfTheReferenceTable()
    {
        string[] expected =
        [
            "sendgrid", "gmail", "outlook", "hotmail", "yahoo", "qq", "163", "aliyun", "icloud", "zoho",
            "microsoft365", "mailgun", "amazon-ses", "brevo", "postmark", "mailjet", "exmail", "126", "yandex",
            "fastmail", "custom",
            // Issue 17: providers SmtpPortal's users have.
            "google-workspace", "yahoo-japan", "aliyun-personal", "aol", "gmx", "mail-com", "web-de", "mail-ru", "yeah",
            "netease-enterprise", "sina", "sohu", "china-mobile-139", "china-telecom-189", "aliyun-directmail",
            "tencent-ses", "smtp2go", "resend", "proton",
        ];

        Assert.Equal(expected.Order(), Catalog.All.Select(p => p.Id).Order());
        Assert.True(Catalog.All[^1].IsCustom, "Custom SMTP stays the last choice.");
    }

    [Theory]
    [InlineData("zoho", "smtp.zoho.eu")]
    [InlineData("mailgun", "smtp.eu.mailgun.org")]
    [InlineData("amazon-ses", "email-smtp.eu-central-1.amazonaws.com")]
    [InlineData("amazon-ses", "email-smtp.ap-southeast-1.amazonaws.com")]
    public void RegionalProvidersOfferEachRegionAsALabelledHost(string id, string host)
    {
        var region = Catalog.Find(id)!.Hosts.Single(h => h.Host == host).Region!;

        Assert.True(region.Has("en") && region.Has("zh"));
    }

    [Theory]
    [InlineData("smtp.live.com", "hotmail")]
    [InlineData("smtp.mxhichina.com", "aliyun")]
    [InlineData("smtp-relay.sendinblue.com", "brevo")]
    [InlineData("in.mailjet.com", "mailjet")]
    public void EachRetiredHostOfTheSeedDocumentNamesItsReplacement(string legacyHost, string id) =>
        Assert.Contains(legacyHost, Catalog.Find(id)!.LegacyHosts);

    [Theory]
    [InlineData("outlook")]
    [InlineData("hotmail")]
    [InlineData("microsoft365")]
    public void MicrosoftPresetsCarryTheirWarningInBothLanguages(string id)
    {
        var preset = Catalog.Find(id)!;

        Assert.Contains("5.7.", preset.Warning!["en"]); // the SMTP reply the admin will see
        Assert.False(string.IsNullOrWhiteSpace(preset.Warning["zh"]));
    }

    [Fact]
    public void PostmarkOffersNoImplicitTlsPortAndIcloudOnlyStartTls()
    {
        Assert.DoesNotContain(Catalog.Find("postmark")!.Ports, p => p.Port == 465);
        Assert.Equal([587], Catalog.Find("icloud")!.Ports.Select(p => p.Port));
    }
}
