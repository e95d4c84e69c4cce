using SmtpPortal.BrowserTests.Infrastructure;
using SmtpPortal.BrowserTests.Pages;

namespace SmtpPortal.BrowserTests.Journeys;

/// <summary>The provider picker stays shut once a provider is chosen and when the keyboard passes
/// through it, so it never covers the host and port fields or swallows the click meant for them.</summary>
public sealed class ProviderPickerTests(BrowserFixture browser)
{
    [Fact]
    public async Task AfterChoosingAPresetTheNextClickAndTypingGoToTheHostField()
    {
        await using var session = await SignedInSession.StartAsync(browser.Browser);
        var settings = new SettingsPage(session.Page);
        await settings.OpenAsync(session.Portal.BaseUrl);
        var openList = session.Page.Locator(".mud-popover-open .mud-list-item");

        await settings.ChooseProviderAsync("Custom SMTP");
        // The server has applied the preset (the notes show it); a list reopened by the picker's
        // own focus would be open by now.
        await Assertions.Expect(openList).ToHaveCountAsync(0);
        await settings.Host.ClickAsync();
        await session.Page.Keyboard.TypeAsync("mail.example.test");

        await Assertions.Expect(settings.Host).ToHaveValueAsync("mail.example.test");
        await Assertions.Expect(settings.Host).ToBeFocusedAsync();
        await Assertions.Expect(openList).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task TabbingOutOfTheEmailAddressDoesNotOpenTheListOverHostAndPort()
    {
        await using var session = await SignedInSession.StartAsync(browser.Browser);
        var settings = new SettingsPage(session.Page);
        await settings.OpenAsync(session.Portal.BaseUrl);

        await settings.EmailAddress.FocusAsync();
        await session.Page.Keyboard.PressAsync("Tab");

        await Assertions.Expect(session.Page.Locator("#preset")).ToBeFocusedAsync();
        await Assertions.Expect(session.Page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
        await settings.Host.ClickAsync();
        await session.Page.Keyboard.TypeAsync("smtp.example.test");

        await Assertions.Expect(settings.Host).ToHaveValueAsync("smtp.example.test");
        await Assertions.Expect(session.Page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }
}
