using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SmtpPortal.Components.Pages.Settings.Components;
using SmtpPortal.Domains;
using SmtpPortal.Providers;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Components.Pages.Settings.Components;

/// <summary>The settings page's SPF, DKIM and DMARC verdicts, against a DNS server of the tests.</summary>
public sealed class FromDomainPanelTests : BunitContext
{
    private IRenderedComponent<FromDomainPanel> RenderPanel(TestDnsServer dns, string from, string preset)
    {
        var catalog = ProviderCatalog.LoadShipped();
        var client = dns.Client();
        Services.AddSingleton(catalog);
        Services.AddSingleton(client);
        Services.AddSingleton<ProviderDetector>();
        Services.AddSingleton<SpfCheck>();
        Services.AddSingleton<DkimCheck>();
        Services.AddSingleton<DmarcCheck>();
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton<FromDomainCheck>();
        Services.AddSingleton<DomainFindingText>();
        this.AddSmtpPortalTestServices();
        return Render<FromDomainPanel>(p => p.Add(x => x.FromAddress, from).Add(x => x.PresetId, preset));
    }

    [Fact]
    public async Task TheVerdictsAndTheRecordsToAddReadInChinese()
    {
        using var chinese = new UiCultureScope("zh-CN");
        await using var dns = TestDnsServer.Start().Txt("example.com", "v=spf1 mx ~all").Txt("_dmarc.example.com", "v=DMARC1; p=none");
        var panel = RenderPanel(dns, "noreply@example.com", "exmail");

        Assert.Equal("检查 example.com 的 SPF、DKIM 和 DMARC", panel.Find("#check-from-domain").TextContent.Trim());
        panel.Find("#check-from-domain").Click();

        panel.WaitForAssertion(() => Assert.NotEmpty(panel.FindAll("#from-domain-spf [data-code]")), TimeSpan.FromSeconds(10));
        var spf = panel.Find("#from-domain-spf [data-code='SpfNotAuthorizing']").TextContent;
        Assert.Contains("问题: SPF 记录没有授权 Tencent Exmail (腾讯企业邮)", spf);
        Assert.Contains("example.com  TXT  \"v=spf1 mx include:spf.mail.qq.com ~all\"", spf);
        Assert.Contains("SmtpPortal 不知道 Tencent Exmail (腾讯企业邮) 签名所用的 DKIM 选择器", panel.Find("#from-domain-dkim").TextContent);
        Assert.Contains("p=none：仅监控", panel.Find("#from-domain-dmarc").TextContent);
    }

    [Fact]
    public async Task AnInvalidSelectorIsRefusedNextToTheFieldAndNothingIsLookedUp()
    {
        await using var dns = TestDnsServer.Start();
        var panel = RenderPanel(dns, "noreply@example.com", "zoho");

        panel.Find("#dkim-selector").Change("not a selector");
        panel.Find("#check-from-domain").Click();

        Assert.Contains("A selector has letters, digits, hyphens and dots only", panel.Markup);
        Assert.Empty(panel.FindAll("[data-code]"));
        Assert.Equal(0, dns.Queries);
    }
}
