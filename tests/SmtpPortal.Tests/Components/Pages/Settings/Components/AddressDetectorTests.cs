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
}
