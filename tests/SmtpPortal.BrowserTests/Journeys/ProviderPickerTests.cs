using SmtpPortal.BrowserTests.Infrastructure;
using SmtpPortal.BrowserTests.Pages;

namespace SmtpPortal.BrowserTests.Journeys;

/// <summary>The provider list opens only when asked, closes once a provider is chosen, and never
/// takes the next click or keystroke meant for the form below it.</summary>
public sealed class ProviderPickerTests(BrowserFixture browser)
{
    [Fact]
    public async Task AfterChoosingAProviderTheNextClickAndTypingGoToTheHostField()
    {
        await using var session = await SignedInSession.StartAsync(browser.Browser);
        var settings = new SettingsPage(session.Page);
        await settings.OpenAsync(session.Portal.BaseUrl);

        foreach (var provider in new[] { "QQ Mail", "Custom SMTP" })
        {
            await settings.ChooseProviderAsync(provider);
            await settings.ClickWhereItShowsAsync(settings.Host);
            await session.Page.Keyboard.PressAsync("Control+A");
            await session.Page.Keyboard.TypeAsync("mail.example.test");
            await settings.Host.BlurAsync();

            await Assertions.Expect(settings.Host).ToHaveValueAsync("mail.example.test");
            await Assertions.Expect(settings.Notes.Locator("h2")).ToHaveTextAsync(provider);
            await Assertions.Expect(settings.OpenLists).ToHaveCountAsync(0);
        }
    }

    [Fact]
    public async Task TabbingFromTheEmailAddressLeavesTheListClosedOverHostAndPort()
    {
        await using var session = await SignedInSession.StartAsync(browser.Browser);
        var settings = new SettingsPage(session.Page);
        await settings.OpenAsync(session.Portal.BaseUrl);

        await settings.EmailAddress.FillAsync("ops@example.test");
        await session.Page.Keyboard.PressAsync("Tab");
        await settings.DetectionReason.WaitForAsync();
        await Assertions.Expect(settings.Provider).ToBeFocusedAsync();
        await settings.ClickWhereItShowsAsync(settings.Host);
        await session.Page.Keyboard.TypeAsync("mail.example.test");
        await settings.Host.BlurAsync();

        await Assertions.Expect(settings.OpenLists).ToHaveCountAsync(0);
        await Assertions.Expect(settings.Host).ToHaveValueAsync("mail.example.test");
        await Assertions.Expect(settings.Provider).ToHaveValueAsync("Custom SMTP");
        await Assertions.Expect(settings.Notes.Locator("h2")).ToHaveTextAsync("Custom SMTP");
    }

    [Fact]
    public async Task EnterRightAfterTypingChoosesTheProviderTyped()
    {
        await using var session = await SignedInSession.StartAsync(browser.Browser);
        var settings = new SettingsPage(session.Page);
        await settings.OpenAsync(session.Portal.BaseUrl);
        var keyboard = session.Page.Keyboard;

        // As fast as a person who knows the name: no pause between the name and Enter.
        await settings.Provider.FillAsync("QQ");
        await keyboard.PressAsync("Enter");
        await Assertions.Expect(settings.Notes.Locator("h2")).ToHaveTextAsync("QQ Mail");
        await Assertions.Expect(settings.Host).ToHaveValueAsync("smtp.qq.com");

        await settings.ClickWhereItShowsAsync(settings.Host);
        await keyboard.PressAsync("Control+A");
        await keyboard.TypeAsync("mail.example.test");
        await settings.Host.BlurAsync();
        await Assertions.Expect(settings.Host).ToHaveValueAsync("mail.example.test");
        await Assertions.Expect(settings.OpenLists).ToHaveCountAsync(0);
    }
}
