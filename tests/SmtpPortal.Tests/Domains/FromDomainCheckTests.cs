using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SmtpPortal.Domains;
using SmtpPortal.Localization;
using SmtpPortal.Providers;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Domains;

/// <summary>SPF, DKIM and DMARC verdicts from real DNS answers of a server of the tests, in the words an admin reads.</summary>
public sealed class FromDomainCheckTests
{
    private static readonly ProviderCatalog Catalog = ProviderCatalog.LoadShipped();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static DomainFindingText Text() => new(new StringLocalizer<DomainFindingText>(new ResourceManagerStringLocalizerFactory(
        Options.Create(new LocalizationOptions { ResourcesPath = UiLanguage.ResourcesPath }), NullLoggerFactory.Instance)));

    private static async Task<DomainReport> CheckAsync(TestDnsServer server, string preset, string from = "noreply@example.com", string? selector = null)
    {
        var dns = server.Client();
        var checker = new FromDomainCheck(Catalog, new ProviderDetector(Catalog, dns), dns,
            new SpfCheck(dns), new DkimCheck(dns), new DmarcCheck(dns), TimeProvider.System);
        return await checker.CheckAsync(from, preset, selector, Ct);
    }

    private static DomainFinding Only(DomainReport report, string check, Verdict? except = Verdict.Note) =>
        Assert.Single(report.For(check), f => f.Verdict != except);

    [Fact]
    public async Task NoSpfRecordIsAProblemWithTheRecordToAdd()
    {
        await using var server = TestDnsServer.Start().Txt("example.com", "google-site-verification=abc");

        var spf = Only(await CheckAsync(server, "google-workspace"), Checks.Spf);

        Assert.Equal((Verdict.Problem, "SpfMissing"), (spf.Verdict, spf.Code));
        Assert.Equal(new DnsRecordToAdd("example.com", "TXT", "v=spf1 include:_spf.google.com ~all"), spf.Fix);
        Assert.StartsWith("example.com has no SPF record, so receivers cannot tell that Google Workspace (company domain) may send its mail", Text().Describe(spf));
    }

    [Fact]
    public async Task AnSpfRecordThatIncludesTheProviderThroughAnotherIncludeAuthorizesIt()
    {
        await using var server = TestDnsServer.Start()
            .Txt("example.com", "v=spf1 include:_spf.example.com -all")
            .Txt("_spf.example.com", "v=spf1 ip4:192.0.2.0/24 include:spf.protection.outlook.com -all")
            .Txt("spf.protection.outlook.com", "v=spf1 ip4:40.92.0.0/15 -all");

        var spf = Only(await CheckAsync(server, "microsoft365"), Checks.Spf);

        Assert.Equal((Verdict.Pass, "SpfAuthorizes"), (spf.Verdict, spf.Code));
        Assert.Equal("The SPF record authorizes Microsoft 365 / Exchange Online: it includes spf.protection.outlook.com.", Text().Describe(spf));
    }

    [Fact]
    public async Task AnSpfRecordWithoutTheProviderGetsTheIncludeBeforeItsAll()
    {
        await using var server = TestDnsServer.Start().Txt("example.com", "v=spf1 mx include:sendgrid.net ~all");

        var spf = Only(await CheckAsync(server, "exmail"), Checks.Spf);

        Assert.Equal((Verdict.Problem, "SpfNotAuthorizing"), (spf.Verdict, spf.Code));
        Assert.Equal("v=spf1 mx include:sendgrid.net include:spf.mail.qq.com ~all", spf.Fix!.Value);
        Assert.StartsWith("The SPF record does not authorize Tencent Exmail (腾讯企业邮): it does not include spf.mail.qq.com", Text().Describe(spf));
    }

    [Fact]
    public async Task MoreThanTenLookupsIsAProblem()
    {
        var server = TestDnsServer.Start().Txt("example.com", "v=spf1 include:sendgrid.net include:chain1.example.com ~all")
            .Txt("sendgrid.net", "v=spf1 ip4:167.89.0.0/17 -all");
        for (var i = 1; i <= 10; i++)
            server.Txt($"chain{i}.example.com", i < 10 ? $"v=spf1 a include:chain{i + 1}.example.com -all" : "v=spf1 -all");
        await using var _ = server;

        var findings = (await CheckAsync(server, "sendgrid")).For(Checks.Spf).ToList();

        Assert.Contains(findings, f => f.Code == "SpfAuthorizes");
        var tooMany = Assert.Single(findings, f => f.Code == "SpfTooManyLookups");
        Assert.Equal(Verdict.Problem, tooMany.Verdict);
        Assert.StartsWith("The SPF record needs 20 DNS lookups", Text().Describe(tooMany));
    }

    [Fact]
    public async Task PlusAllIsAProblemWithTheCorrectedRecord()
    {
        await using var server = TestDnsServer.Start().Txt("example.com", "v=spf1 include:_spf.google.com +all");

        var passAll = Assert.Single((await CheckAsync(server, "google-workspace")).For(Checks.Spf), f => f.Code == "SpfPassAll");

        Assert.Equal("v=spf1 include:_spf.google.com ~all", passAll.Fix!.Value);
        Assert.StartsWith("The SPF record ends in +all: it authorizes every server on the internet", Text().Describe(passAll));
    }

    [Fact]
    public async Task TwoSpfRecordsAreAProblem()
    {
        await using var server = TestDnsServer.Start().Txt("example.com", "v=spf1 -all").Txt("example.com", "v=spf1 include:_spf.google.com ~all");

        Assert.Equal("SpfMultiple", Only(await CheckAsync(server, "google-workspace"), Checks.Spf).Code);
    }

    [Fact]
    public async Task ADkimKeyBehindMicrosoftsCnameIsFound()
    {
        await using var server = TestDnsServer.Start()
            .Cname("selector1._domainkey.example.com", "selector1-example-com._domainkey.contoso.onmicrosoft.com")
            .Txt("selector1-example-com._domainkey.contoso.onmicrosoft.com", "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC");

        var dkim = Only(await CheckAsync(server, "microsoft365"), Checks.Dkim);

        Assert.Equal((Verdict.Pass, "DkimFound"), (dkim.Verdict, dkim.Code));
        Assert.Equal("A DKIM key is published at selector1._domainkey.example.com (selector selector1): receivers can verify the signature.", Text().Describe(dkim));
    }

    [Fact]
    public async Task NoDkimKeyIsAProblemThatSaysWhereTheRecordGoes()
    {
        await using var server = TestDnsServer.Start().Txt("example.com", "v=spf1 include:_spf.google.com ~all");

        var dkim = Only(await CheckAsync(server, "google-workspace"), Checks.Dkim);

        Assert.Equal((Verdict.Problem, "DkimMissing"), (dkim.Verdict, dkim.Code));
        Assert.Equal(new DnsRecordToAdd("google._domainkey.example.com", "TXT / CNAME", null), dkim.Fix);
    }

    [Fact]
    public async Task ARevokedKeyIsAProblem()
    {
        await using var server = TestDnsServer.Start().Txt("google._domainkey.example.com", "v=DKIM1; k=rsa; p=");

        Assert.Equal("DkimRevoked", Only(await CheckAsync(server, "google-workspace"), Checks.Dkim).Code);
    }

    [Fact]
    public async Task ASelectorTheAdminChoseIsCheckedWhenTheProviderNamesNone()
    {
        await using var server = TestDnsServer.Start().Txt("zmail._domainkey.example.com", "v=DKIM1; k=rsa; p=MIIBIjANBgkq");

        var without = await CheckAsync(server, "zoho");
        var with = await CheckAsync(server, "zoho", selector: "zmail");

        Assert.Equal("DkimSelectorUnknown", Only(without, Checks.Dkim).Code);
        Assert.Contains(without.For(Checks.Dkim), f => f.Verdict == Verdict.Note && f.Note!.For(new("en")).StartsWith("Zoho asks you to name the DKIM selector"));
        Assert.Equal("DkimFound", Only(with, Checks.Dkim).Code);
    }

    [Theory]
    [InlineData("v=DMARC1; p=none; rua=mailto:d@example.com", true, Verdict.Warning, "DmarcNone")]
    [InlineData("v=DMARC1; p=quarantine", true, Verdict.Pass, "DmarcQuarantineCovered")]
    [InlineData("v=DMARC1; p=quarantine", false, Verdict.Problem, "DmarcQuarantineUncovered")]
    [InlineData("v=DMARC1; p=reject; adkim=r", true, Verdict.Pass, "DmarcRejectCovered")]
    [InlineData("v=DMARC1; p=reject", false, Verdict.Problem, "DmarcRejectUncovered")]
    [InlineData("v=DMARC1; rua=mailto:d@example.com", true, Verdict.Problem, "DmarcInvalid")]
    public async Task TheDmarcPolicyIsJudgedForTheProvider(string record, bool spfAuthorizes, Verdict verdict, string code)
    {
        await using var server = TestDnsServer.Start()
            .Txt("example.com", spfAuthorizes ? "v=spf1 include:_spf.google.com ~all" : "v=spf1 mx ~all")
            .Txt("_dmarc.example.com", record);

        var dmarc = Only(await CheckAsync(server, "google-workspace"), Checks.Dmarc);

        Assert.Equal((verdict, code), (dmarc.Verdict, dmarc.Code));
        if (code == "DmarcRejectUncovered")
            Assert.Equal("DMARC at _dmarc.example.com is p=reject, and Google Workspace (company domain) is neither authorized by SPF nor has a DKIM key here: receivers will refuse mail sent through Google Workspace (company domain). Fix SPF or DKIM above first.", Text().Describe(dmarc));
    }

    [Fact]
    public async Task NoDmarcRecordOffersAMonitoringRecord()
    {
        await using var server = TestDnsServer.Start().Txt("example.com", "v=spf1 include:_spf.google.com ~all");

        var dmarc = Only(await CheckAsync(server, "google-workspace"), Checks.Dmarc);

        Assert.Equal("DmarcMissing", dmarc.Code);
        Assert.Equal(new DnsRecordToAdd("_dmarc.example.com", "TXT", "v=DMARC1; p=none; rua=mailto:noreply@example.com"), dmarc.Fix);
    }

    [Fact]
    public async Task ASubdomainUsesItsParentsDmarcRecord()
    {
        await using var server = TestDnsServer.Start().Txt("_dmarc.example.com", "v=DMARC1; p=reject; sp=quarantine");

        var dmarc = Only(await CheckAsync(server, "google-workspace", from: "noreply@mail.example.com"), Checks.Dmarc);

        Assert.Equal("DmarcQuarantineUncovered", dmarc.Code);
        Assert.Equal("_dmarc.example.com", dmarc.Args[0]);
    }

    [Fact]
    public async Task AProviderMailboxDomainIsNotCheckedAndSaysWhy()
    {
        await using var server = TestDnsServer.Start();

        var report = await CheckAsync(server, "gmail", from: "someone@gmail.com");

        Assert.Equal(CheckSkipped.ProviderDomain, report.Skipped);
        Assert.StartsWith("gmail.com is a Gmail mailbox domain", Text().Skipped(report));
        Assert.Equal(0, server.Queries);
    }

    [Fact]
    public async Task ASilentDnsServerGivesUnknownVerdictsNotProblems()
    {
        await using var server = TestDnsServer.Start(silent: true);
        var dns = server.Client(timeoutMilliseconds: 200);
        var checker = new FromDomainCheck(Catalog, new ProviderDetector(Catalog, dns), dns,
            new SpfCheck(dns), new DkimCheck(dns), new DmarcCheck(dns), TimeProvider.System);

        var report = await checker.CheckAsync("noreply@example.com", "google-workspace", null, Ct);

        Assert.All(report.Findings.Where(f => f.Verdict != Verdict.Note), f => Assert.Equal(Verdict.Unknown, f.Verdict));
        Assert.Equal("Could not look up the TXT records of example.com: the DNS gave no usable answer in time.", Text().Describe(Only(report, Checks.Spf)));
    }

    [Fact]
    public async Task TheVerdictsReadInChinese()
    {
        using var chinese = new UiCultureScope("zh-CN");
        await using var server = TestDnsServer.Start().Txt("example.com", "v=spf1 include:_spf.google.com ~all");

        var report = await CheckAsync(server, "google-workspace");

        Assert.Equal("SPF 记录已授权 Google Workspace (company domain)：包含 _spf.google.com。", Text().Describe(Only(report, Checks.Spf)));
        Assert.StartsWith("example.com 没有 DMARC 记录", Text().Describe(Only(report, Checks.Dmarc)));
    }
}
