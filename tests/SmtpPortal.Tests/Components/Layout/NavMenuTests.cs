using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Interfaces;
using SmtpPortal.Components.Layout;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Components.Layout;

/// <summary>The menu is plain NavLinks in MudBlazor's markup (no MudNavLink per entry, to keep
/// circuits small); what MudNavLink did for the drawer must still happen.</summary>
public sealed class NavMenuTests : BunitContext
{
    private readonly DrawerSpy _drawer = new();

    public NavMenuTests()
    {
        Services.AddSingleton<AntiforgeryStateProvider>(new NoAntiforgery());
        this.AddSmtpPortalTestServices();
    }

    private IRenderedComponent<NavMenu> RenderInDrawer(bool expanded) =>
        Render<NavMenu>(p => p
            .AddCascadingValue<INavigationEventReceiver>(_drawer)
            .AddCascadingValue(new MudBlazor.NavigationContext(Disabled: false, Expanded: expanded)));

    [Fact]
    public void EveryPageHasALinkWithItsNameAndADecorativeIcon()
    {
        var menu = RenderInDrawer(expanded: true);

        var links = menu.FindAll("a.mud-nav-link");
        Assert.Equal(["", "settings", "providers", "relay", "sent-mail", "fallback", "history", "backup", "admins", "export", "alerts", "api-tokens"],
            links.Select(a => a.GetAttribute("href")));
        Assert.Equal("SMTP settings", links[1].TextContent.Trim());
        Assert.Equal("Fallback provider", links[5].TextContent.Trim());
        Assert.All(links, a => Assert.Equal("true", a.QuerySelector("svg")!.GetAttribute("aria-hidden")));
    }

    [Fact]
    public void TheCurrentPagesLinkIsMarkedActive()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("settings");

        var menu = RenderInDrawer(expanded: true);

        Assert.Equal(["settings"], menu.FindAll("a.active").Select(a => a.GetAttribute("href")));
        Assert.Equal("page", menu.Find("a.active").GetAttribute("aria-current"));
    }

    [Fact]
    public void AClosedDrawersLinksAreOutOfTheTabOrder()
    {
        Assert.All(RenderInDrawer(expanded: false).FindAll("a, button"), e => Assert.Equal("-1", e.GetAttribute("tabindex")));
        Assert.All(RenderInDrawer(expanded: true).FindAll("a, button"), e => Assert.Equal("0", e.GetAttribute("tabindex")));
    }

    [Fact]
    public void FollowingALinkTellsTheDrawerSoThatAnOverlayingDrawerCloses()
    {
        var menu = RenderInDrawer(expanded: true);

        menu.FindAll("a.mud-nav-link")[3].Click();

        Assert.Equal(1, _drawer.Navigations);
    }

    private sealed class DrawerSpy : INavigationEventReceiver
    {
        public int Navigations { get; private set; }

        public Task OnNavigation()
        {
            Navigations++;
            return Task.CompletedTask;
        }
    }

    private sealed class NoAntiforgery : AntiforgeryStateProvider
    {
        public override AntiforgeryRequestToken? GetAntiforgeryToken() => null;
    }
}
