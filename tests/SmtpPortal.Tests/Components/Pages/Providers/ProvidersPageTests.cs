using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SmtpPortal.Components.Pages.Providers;
using SmtpPortal.Providers;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Components.Pages.Providers;

public sealed class ProvidersPageTests : BunitContext
{
    public ProvidersPageTests()
    {
        Services.AddSingleton(ProviderCatalog.LoadShipped());
        this.AddSmtpPortalTestServices();
    }

    private static string[] ShownIds(IRenderedComponent<ProvidersPage> page) =>
        [.. page.FindAll(".provider-entry").Select(e => e.GetAttribute("data-preset")!)];

    [Fact]
    public void EveryPresetIsShownWithItsPortsLinksAndTheForgeryExplanation()
    {
        var page = Render<ProvidersPage>();

        Assert.Equal(ProviderCatalog.LoadShipped().All.Select(p => p.Id), ShownIds(page));
        var sendGrid = page.Find(".provider-entry[data-preset=sendgrid]");
        Assert.Contains("2525", sendGrid.QuerySelector(".ports-table")!.TextContent);
        Assert.NotNull(sendGrid.QuerySelector("a[href^='https://www.twilio.com/docs/sendgrid']"));
        Assert.Contains("DMARC", page.Find("#from-forgery").TextContent);
    }

    [Theory]
    [InlineData("163.com", "163", "netease-enterprise")] // smtp.qiye.163.com
    [InlineData("someone@foxmail.com", "qq")] // not mail.com's
    [InlineData("someone@mail.com", "mail-com")]
    [InlineData("smtp.live.com", "hotmail")]
    [InlineData("mailgun", "mailgun")]
    [InlineData("eu-west-3", "amazon-ses")]
    public void SearchingNarrowsTheList(string search, params string[] expectedIds)
    {
        var page = Render<ProvidersPage>();

        page.Find("#provider-search").Input(search);

        page.WaitForAssertion(() => Assert.Equal(expectedIds, ShownIds(page)));
    }

    [Fact]
    public void ASearchWithoutMatchesSaysSo()
    {
        var page = Render<ProvidersPage>();

        page.Find("#provider-search").Input("no such provider");

        page.WaitForAssertion(() => Assert.Contains("Custom SMTP works with any server", page.Find("#no-provider-matches").TextContent));
    }

    [Fact]
    public void AChineseBrowserReadsNotesWarningsAndTheExplanationInChinese()
    {
        using var chinese = new UiCultureScope("zh-CN");

        var page = Render<ProvidersPage>();

        Assert.Contains("授权码", page.Find(".provider-entry[data-preset=qq]").TextContent);
        Assert.Contains("只接受 OAuth2", page.Find(".provider-entry[data-preset=outlook]").TextContent);
        Assert.Contains("常被云服务器封禁", page.Find(".provider-entry[data-preset=sendgrid] .ports-table").TextContent);
        Assert.Contains("欧洲（爱尔兰）", page.Find(".provider-entry[data-preset=amazon-ses]").TextContent);
        Assert.Contains("为什么发件人地址需要", page.Find("#from-forgery").TextContent);
    }
}
