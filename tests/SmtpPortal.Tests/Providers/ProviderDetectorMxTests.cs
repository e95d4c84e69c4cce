using Microsoft.Extensions.Time.Testing;
using SmtpPortal.Providers;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Providers;

/// <summary>A company domain is recognised from its MX records, answered by a DNS server of the tests.</summary>
public sealed class ProviderDetectorMxTests
{
    private static readonly ProviderCatalog Catalog = ProviderCatalog.LoadShipped();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("smtp.google.com", "google-workspace", "smtp.gmail.com")]
    [InlineData("aspmx.l.google.com", "google-workspace", "smtp.gmail.com")]
    [InlineData("alt2.aspmx.l.google.com", "google-workspace", "smtp.gmail.com")]
    [InlineData("contoso-com.mail.protection.outlook.com", "microsoft365", "smtp.office365.com")]
    [InlineData("mxbiz1.qq.com", "exmail", "smtp.exmail.qq.com")]
    [InlineData("mx1.qiye.aliyun.com", "aliyun", "smtp.qiye.aliyun.com")]
    [InlineData("mxw.mxhichina.com", "aliyun", "smtp.qiye.aliyun.com")]
    [InlineData("qiye163mx01.mxmail.netease.com", "netease-enterprise", "smtp.qiye.163.com")]
    [InlineData("mx.zoho.com", "zoho", "smtp.zoho.com")]
    [InlineData("mx2.zoho.eu", "zoho", "smtp.zoho.eu")]
    [InlineData("mx.zoho.com.au", "zoho", "smtp.zoho.com.au")]
    [InlineData("mx.yandex.net", "yandex", "smtp.yandex.com")]
    [InlineData("in1-smtp.messagingengine.com", "fastmail", "smtp.fastmail.com")]
    [InlineData("mx-aol.mail.gm0.yahoodns.net", "aol", "smtp.aol.com")]
    [InlineData("mta5.am0.yahoodns.net", "yahoo", "smtp.mail.yahoo.com")]
    public async Task ACompanyDomainIsRecognisedByItsMxFamily(string mx, string presetId, string host)
    {
        await using var server = TestDnsServer.Start().Mx("company.example", mx, "backup.company.example");
        var detector = new ProviderDetector(Catalog, server.Client());

        var detection = (await detector.DetectAsync("ops@company.example", Ct))!;

        Assert.Equal(DetectionBasis.MxRecord, detection.Basis);
        Assert.Equal(presetId, detection.Preset.Id);
        Assert.Equal(mx, detection.MxHost);
        Assert.Equal(host, detection.Host);
    }

    [Fact]
    public async Task AnMxNoPresetKnowsIsNamedAndChangesNothing()
    {
        await using var server = TestDnsServer.Start().Mx("company.example", "mail.company.example");
        var detector = new ProviderDetector(Catalog, server.Client());

        var detection = (await detector.DetectAsync("ops@company.example", Ct))!;

        Assert.Equal(DetectionBasis.Unknown, detection.Basis);
        Assert.True(detection.Preset.IsCustom);
        Assert.Equal("mail.company.example", detection.MxHost);
    }

    [Fact]
    public async Task ADomainThatDoesNotExistIsUnknownNotAFailure()
    {
        await using var server = TestDnsServer.Start().Mx("company.example", "mail.company.example");
        var detector = new ProviderDetector(Catalog, server.Client());

        var detection = (await detector.DetectAsync("ops@nxdomain.example", Ct))!;

        Assert.Equal(DetectionBasis.Unknown, detection.Basis);
        Assert.Null(detection.MxHost);
    }

    [Fact]
    public async Task ASilentDnsServerEndsAsLookupFailedAtTheDeadline()
    {
        await using var server = TestDnsServer.Start(silent: true);
        var time = new FakeTimeProvider();
        var detector = new ProviderDetector(Catalog, server.Client(time));

        var detecting = detector.DetectAsync("ops@company.example", Ct);
        await server.FirstQuery.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        time.Advance(TimeSpan.FromSeconds(2));
        var detection = (await detecting.WaitAsync(TimeSpan.FromSeconds(30), Ct))!;

        Assert.Equal(DetectionBasis.LookupFailed, detection.Basis);
        Assert.True(detection.Preset.IsCustom);
    }

    [Fact]
    public async Task AKnownMailboxDomainNeedsNoLookup()
    {
        await using var server = TestDnsServer.Start().Mx("gmail.com", "gmail-smtp-in.l.google.com");
        var detector = new ProviderDetector(Catalog, server.Client());

        var detection = (await detector.DetectAsync("someone@gmail.com", Ct))!;

        Assert.Equal(DetectionBasis.AddressDomain, detection.Basis);
        Assert.Equal(0, server.Queries);
    }
}
