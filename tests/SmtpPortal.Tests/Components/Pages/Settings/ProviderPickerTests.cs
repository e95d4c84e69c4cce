using Bunit;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;
using MudBlazor.Extensions;
using SmtpPortal.Components.Pages.Settings;
using SmtpPortal.Providers;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Components.Pages.Settings;

/// <summary>The provider picker opens only when asked and chooses what was typed. The browser
/// tests (ProviderPickerTests there) check the same with real focus and clicks; here the order of
/// events is exact, so a race the browser only sometimes loses is lost every time.</summary>
public sealed class ProviderPickerTests : PortalComponentContext
{
    private readonly IRenderedComponent<MudPopoverProvider> _popovers;
    private readonly IRenderedComponent<SmtpSettingsPage> _page;

    public ProviderPickerTests()
    {
        _popovers = Render<MudPopoverProvider>();
        _page = Render<SmtpSettingsPage>();
        _page.WaitForElement("form");
    }

    private ProviderPreset? Chosen =>
        _page.FindComponent<MudAutocomplete<ProviderPreset>>().Instance.GetState(x => x.Value);

    [Fact]
    public void TabbingIntoThePickerLeavesItsListClosed()
    {
        _page.Find("#preset").Focus();

        Assert.Empty(_popovers.FindAll(".mud-popover-open"));
        Assert.Equal("custom", Chosen!.Id);
    }

    [Fact]
    public void TypingOpensTheListWithTheMatchesAtOnce()
    {
        _page.Find("#preset").Input("QQ");

        var listed = _popovers.FindAll(".mud-popover-open .mud-list-item").Select(item => item.TextContent.Trim()).ToList();
        Assert.Equal("QQ Mail", listed.First());
        Assert.DoesNotContain("Custom SMTP", listed);
    }

    [Fact]
    public void EnterRightAfterTypingChoosesTheFirstMatchOfWhatWasTyped()
    {
        var picker = _page.Find("#preset");

        picker.Input("QQ");
        picker.KeyUp(new KeyboardEventArgs { Key = "Enter" });

        Assert.Equal("qq", Chosen!.Id);
        Assert.Equal("smtp.qq.com", _page.Find("#host").GetAttribute("value"));
        Assert.Empty(_popovers.FindAll(".mud-popover-open"));
    }
}
