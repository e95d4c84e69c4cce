using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SmtpPortal.Components.Pages.Settings.Components;
using SmtpPortal.Providers;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Components.Pages.Settings.Components;

public sealed class AddressDetectorTests : BunitContext
{
    private readonly List<(ProviderDetection Detection, string Address)> _reported = [];

    public AddressDetectorTests()
    {
        Services.AddSingleton(ProviderCatalog.LoadShipped());
        Services.AddSingleton<ProviderDetector>();
        this.AddSmtpPortalTestServices();
    }

    private IRenderedComponent<AddressDetector> RenderDetector() =>
        Render<AddressDetector>(p => p.Add(x => x.OnDetected, detected => _reported.Add(detected)));

    [Fact]
    public void TypingAKnownAddressReportsTheProviderAndSaysWhy()
    {
        var detector = RenderDetector();

        detector.Find("#email-address").Change(" 12345@foxmail.com ");

        var (detection, address) = Assert.Single(_reported);
        Assert.Equal("qq", detection.Preset.Id);
        Assert.Equal("12345@foxmail.com", address);
        Assert.Contains("foxmail.com is a QQ Mail domain", detector.Find("#detection-reason").TextContent);
    }

    [Fact]
    public void TypingAnUnknownDomainSaysTheProviderWasNotChanged()
    {
        var detector = RenderDetector();

        detector.Find("#email-address").Change("noreply@company.example");

        Assert.False(Assert.Single(_reported).Detection.Recognised);
        Assert.Contains("did not change the provider", detector.Find("#detection-reason").TextContent);
    }

    [Fact]
    public void TextThatIsNotAnAddressReportsNothing()
    {
        var detector = RenderDetector();

        detector.Find("#email-address").Change("someone@");

        Assert.Empty(_reported);
        Assert.Empty(detector.FindAll("#detection-reason"));
    }

    [Fact]
    public void TheReasonIsGivenInChineseToAChineseBrowser()
    {
        using var chinese = new UiCultureScope("zh-CN");
        var detector = RenderDetector();

        detector.Find("#email-address").Change("someone@163.com");

        Assert.Contains("163.com 属于 163 Mail", detector.Find("#detection-reason").TextContent);
    }

    [Fact]
    public async Task ACompanyDomainOnGoogleIsRecognisedFromItsMxWithoutHoldingUpTheForm()
    {
        await using var dns = TestDnsServer.Start().Mx("company.example", "aspmx.l.google.com", "alt1.aspmx.l.google.com");
        using var context = new BunitContext();
        var reported = new List<(ProviderDetection Detection, string Address)>();
        context.Services.AddSingleton(ProviderCatalog.LoadShipped());
        context.Services.AddSingleton(dns.Client());
        context.Services.AddSingleton<ProviderDetector>();
        context.AddSmtpPortalTestServices();
        var detector = context.Render<AddressDetector>(p => p.Add(x => x.OnDetected, d => reported.Add(d)));

        detector.Find("#email-address").Change("ops@company.example");

        // At once: username and From are filled with what is known (nothing about the provider yet).
        Assert.False(reported[0].Detection.Recognised);
        detector.WaitForAssertion(() => Assert.Equal(2, reported.Count), TimeSpan.FromSeconds(10));
        Assert.Equal(("google-workspace", DetectionBasis.MxRecord), (reported[1].Detection.Preset.Id, reported[1].Detection.Basis));
        detector.WaitForAssertion(() => Assert.Equal(
            "The domain's mail is handled by aspmx.l.google.com (its MX record), which is Google Workspace (company domain): SmtpPortal chose the Google Workspace (company domain) preset for company.example.",
            detector.Find("#detection-reason").TextContent));
    }

    [Fact]
    public async Task WhenTheDnsDoesNotAnswerTheFormSaysItCouldNotLookUpTheDomain()
    {
        await using var dns = TestDnsServer.Start(silent: true);
        using var context = new BunitContext();
        context.Services.AddSingleton(ProviderCatalog.LoadShipped());
        context.Services.AddSingleton(dns.Client(timeoutMilliseconds: 200));
        context.Services.AddSingleton<ProviderDetector>();
        context.AddSmtpPortalTestServices();
        using var chinese = new UiCultureScope("zh-CN");
        var detector = context.Render<AddressDetector>();

        detector.Find("#email-address").Change("ops@company.example");

        Assert.StartsWith("正在查询 company.example 的邮件由谁处理", detector.Find("#detection-reason").TextContent);
        detector.WaitForAssertion(() => Assert.StartsWith("无法查询域名 company.example", detector.Find("#detection-reason").TextContent),
            TimeSpan.FromSeconds(10));
    }
}
