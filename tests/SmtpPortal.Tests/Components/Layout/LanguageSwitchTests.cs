using Bunit;
using Bunit.TestDoubles;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using SmtpPortal.Components.Layout;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Components.Layout;

public sealed class LanguageSwitchTests : BunitContext
{
    public LanguageSwitchTests() => this.AddSmtpPortalTestServices();

    /// <summary>Renders the switch with its menu open; the items live in the popover provider.</summary>
    private IRenderedComponent<MudPopoverProvider> RenderOpenMenu()
    {
        var popovers = Render<MudPopoverProvider>();
        Render<LanguageSwitch>().Find("button").Click();
        return popovers;
    }

    [Fact]
    public void ChoosingChineseRemembersItInTheCultureCookieAndReloadsThePage()
    {
        var navigation = Services.GetRequiredService<BunitNavigationManager>();
        navigation.NavigateTo("settings");
        var menu = RenderOpenMenu();

        menu.Find("#language-zh").Click();

        Assert.Equal("zh-CN", JSInterop.VerifyInvoke("smtpPortalLanguage.remember").Arguments.Single());
        var reload = navigation.History.First();
        Assert.EndsWith("/settings", reload.Uri);
        Assert.True(reload.Options.ForceLoad, "a circuit keeps its culture: only a new request changes it");
    }

    [Fact]
    public void ThePortalsCurrentLanguageIsNotOfferedAgain()
    {
        using var chinese = new UiCultureScope("zh-CN");
        var menu = RenderOpenMenu();

        Assert.Contains("简体中文", menu.FindComponents<MudMenuItem>().Single(i => i.Instance.Disabled).Markup);
    }
}
