using SmtpPortal.Providers;

namespace SmtpPortal.Tests.Providers;

/// <summary>What the catalog as a whole promises: one owner per domain and MX host, sources for
/// every fact, reported facts said to be reported, and the issue-17 corrections kept.</summary>
public sealed class CatalogConsistencyTests
{
    private static readonly ProviderCatalog Catalog = ProviderCatalog.LoadShipped();
    private const string Ispdb = "https://github.com/thunderbird/autoconfig/blob/master/ispdb/";

    [Fact]
    public void NoTwoPresetsClaimTheSameDomain()
    {
        var claims = Catalog.All.SelectMany(p => p.Domains.Select(d => (Domain: d.ToLowerInvariant(), p.Id)))
            .GroupBy(c => c.Domain).Where(g => g.Select(c => c.Id).Distinct().Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(c => c.Id))}");

        Assert.Empty(claims);
    }

    [Fact]
    public void NoTwoPresetsClaimTheSameMxPattern()
    {
        var claims = Catalog.All.SelectMany(p => (p.Dns?.Mx ?? []).Select(m => (Mx: m.ToLowerInvariant(), p.Id)))
            .GroupBy(c => c.Mx).Where(g => g.Count() > 1).Select(g => g.Key);

        Assert.Empty(claims);
    }

    [Fact]
    public void EverySpfIncludeAndMxFamilyBelongsToAPresetWithSources()
    {
        foreach (var preset in Catalog.All.Where(p => p.Dns is not null))
        {
            Assert.True(preset.Sources.Count > 0 || preset.Reported, $"{preset.Id} names DNS facts without sources");
            Assert.Equal(preset, Catalog.Find(preset.Id));
        }
    }

    [Fact]
    public void EveryPresetSpeaksBothLanguagesAndSaysWhenItWasChecked()
    {
        Assert.All(Catalog.All, p =>
        {
            Assert.NotEmpty(p.Notes["en"]);
            Assert.NotEmpty(p.Notes["zh"]);
            Assert.NotNull(p.Verified);
            Assert.True(p.IsCustom || p.Sources.Count > 0 || (p.Reported && p.Warning!["zh"].Length > 0), p.Id);
        });
    }

    [Theory]
    [InlineData("aliyun-personal")]
    [InlineData("netease-enterprise")]
    [InlineData("sina")]
    [InlineData("sohu")]
    [InlineData("china-mobile-139")]
    [InlineData("china-telecom-189")]
    public void APresetWithoutDocumentationSaysItIsReported(string id)
    {
        var preset = Catalog.Find(id)!;

        Assert.True(preset.Reported);
        Assert.StartsWith("Reported settings", preset.Warning!["en"]);
        Assert.StartsWith("报道的设置", preset.Warning["zh"]);
    }

    [Fact]
    public void PersonalAliyunAndAliyunEnterpriseAreTwoPresets()
    {
        Assert.Equal("smtp.aliyun.com", Catalog.Find("aliyun-personal")!.DefaultHost);
        var enterprise = Catalog.Find("aliyun")!;
        Assert.Equal("smtp.qiye.aliyun.com", enterprise.DefaultHost);
        Assert.DoesNotContain("aliyun.com", enterprise.Domains);
        Assert.Contains("older name", string.Join(" ", enterprise.Notes["en"]));
        Assert.DoesNotContain("retired", string.Join(" ", enterprise.Notes["en"]));
    }

    [Fact]
    public void Microsoft365SignsInWithMicrosoftByDefaultAndCitesTheAnnouncement()
    {
        var preset = Catalog.Find("microsoft365")!;

        Assert.Equal(SecretKind.OAuth2Preferred, preset.SecretKind);
        Assert.NotNull(preset.OAuth);
        Assert.Contains(preset.Sources, s => s.StartsWith("https://techcommunity.microsoft.com/blog/exchange/updated-exchange-online-smtp-auth-basic-authentication-deprecation-timeline", StringComparison.Ordinal));
        Assert.Contains(Ispdb + "office365.com.xml", preset.Sources);
        Assert.StartsWith("Use \"Sign in with Microsoft\"", preset.Warning!["en"]);
    }

    [Fact]
    public void FastmailCitesTheIspdbFileThatExists()
    {
        var sources = Catalog.Find("fastmail")!.Sources;

        Assert.Contains(Ispdb + "messagingengine.com.xml", sources);
        Assert.DoesNotContain(Ispdb + "fastmail.com.xml", sources);
    }

    [Fact]
    public void ConfirmedZohoRegionsAreNoLongerCalledUnconfirmed()
    {
        var zoho = Catalog.Find("zoho")!;

        Assert.All(zoho.Hosts.Where(h => h.Host.StartsWith("smtp.", StringComparison.Ordinal)),
            h => Assert.DoesNotContain("unconfirmed", h.Region!.For(new("en"))));
        Assert.All(zoho.Hosts.Where(h => h.Host.StartsWith("smtp.", StringComparison.Ordinal)),
            h => Assert.Contains(zoho.Sources, s => s == Ispdb + h.Host["smtp.".Length..] + ".xml"));
    }

    [Fact]
    public void YahooExplainsTheCurrentAppPasswordSteps()
    {
        var notes = string.Join(" ", Catalog.Find("yahoo")!.Notes["en"]);

        Assert.Contains("External connections", notes);
        Assert.Contains("Create app password", notes);
    }

    [Fact]
    public void AliyunDirectMailOffersPort80ForCloudsThatBlockTheOthers()
    {
        var port80 = Assert.Single(Catalog.Find("aliyun-directmail")!.Ports, p => p.Port == 80);

        Assert.Equal(SmtpPortal.Smtp.SecurityMode.StartTls, port80.Security);
    }

    [Fact]
    public void ResendFillsItsOwnFixedUsernameAndLeavingItClearsIt()
    {
        var input = new SmtpPortal.Settings.SmtpSettingsInput();

        input.ApplyPreset(Catalog.Find("resend")!);
        Assert.Equal("resend", input.Username);
        input.ApplyPreset(Catalog.Find("sendgrid")!);
        Assert.Equal("apikey", input.Username);
        input.ApplyPreset(Catalog.Find("gmail")!);
        Assert.Null(input.Username);
        Assert.Equal("the literal word resend", Catalog.Find("resend")!.UsernameDescription());
    }
}
