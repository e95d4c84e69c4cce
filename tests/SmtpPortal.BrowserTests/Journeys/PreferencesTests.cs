using System.Text.RegularExpressions;
using SmtpPortal.BrowserTests.Infrastructure;
using SmtpPortal.BrowserTests.Pages;

namespace SmtpPortal.BrowserTests.Journeys;

/// <summary>What the browser already knows is used: its colour scheme until the admin picks one,
/// its time zone for every time shown; and a keyboard user gets past the navigation in one key
/// and always sees where the focus is.</summary>
public sealed class PreferencesTests(BrowserFixture browser)
{
    private const string Background = "() => getComputedStyle(document.body).backgroundColor";

    [Fact]
    public async Task WithoutAChoiceThePageFollowsTheSystemsDarkModeFromTheFirstPaintUntilTheAdminPicksLight()
    {
        await using var session = await SignedInSession.StartAsync(browser.Browser, colorScheme: "dark");
        var page = session.Page;
        var dashboard = new DashboardPage(page);

        // The server cannot know the system's scheme: the stylesheet follows it, so the very first
        // paint is dark (the html element carries no choice).
        var firstPaint = await page.GotoAsync(session.Portal.BaseUrl + "/");
        Assert.DoesNotContain("portal-dark", await firstPaint!.TextAsync());
        var dark = await page.EvaluateAsync<string>(Background);
        Assert.True(Luminance(dark) < 0.3, $"first paint background {dark}");
        await dashboard.WaitUntilInteractiveAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Switch to light mode" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Switch to light mode" }).ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveClassAsync(new Regex("portal-light"));
        Assert.True(Luminance(await page.EvaluateAsync<string>(Background)) > 0.7);

        // Remembered: the next page renders light although the system still prefers dark.
        var reloaded = await page.ReloadAsync();
        Assert.Contains("class=\"portal-light\"", await reloaded!.TextAsync());
        Assert.True(Luminance(await page.EvaluateAsync<string>(Background)) > 0.7);
    }

    [Fact]
    public async Task WithALightSystemAndNoChoiceThePageIsLightAndOffersDark()
    {
        await using var session = await SignedInSession.StartAsync(browser.Browser, colorScheme: "light");
        var dashboard = new DashboardPage(session.Page);
        await dashboard.WaitUntilInteractiveAsync();

        var light = await session.Page.EvaluateAsync<string>(Background);
        Assert.True(Luminance(light) > 0.7, $"background {light}");
        await Assertions.Expect(session.Page.GetByRole(AriaRole.Button, new() { Name = "Switch to dark mode" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task TheFirstTabStopSkipsToTheContentAndTheFocusIsAlwaysVisible()
    {
        await using var session = await SignedInSession.StartAsync(browser.Browser);
        var settings = new SettingsPage(session.Page);
        await settings.OpenAsync(session.Portal.BaseUrl);
        var keyboard = session.Page.Keyboard;

        // A keyboard user arriving from the browser's address bar starts at the top of the document
        // (after a navigation Blazor puts the focus on the page's h1, past everything below).
        await session.Page.EvaluateAsync("""
            () => {
              const top = document.createElement('span');
              top.tabIndex = -1;
              document.body.prepend(top);
              top.focus();
            }
            """);
        await keyboard.PressAsync("Tab");
        Assert.Equal("Skip to content", await session.Page.EvaluateAsync<string>("() => document.activeElement.textContent.trim()"));
        Assert.True(await session.Page.EvaluateAsync<bool>("() => document.activeElement.getBoundingClientRect().top >= 0"),
            "the skip link is focused but off the screen");
        await AssertFocusRingAsync(session.Page);
        await keyboard.PressAsync("Enter");
        Assert.Equal("main-content", await session.Page.EvaluateAsync<string>("() => document.activeElement.id"));

        // The next stop is the page's first field, not the app bar or the navigation.
        await keyboard.PressAsync("Tab");
        Assert.Equal("email-address", await session.Page.EvaluateAsync<string>("() => document.activeElement.id"));
        await AssertFocusRingAsync(session.Page);
        await settings.TabToAsync("save");
        await AssertFocusRingAsync(session.Page);
    }

    [Fact]
    public async Task TimesAreShownInTheBrowsersZoneEvenWhenThePageRequestCarriedNoZone()
    {
        await using var session = await SignedInSession.StartAsync(browser.Browser, timeZone: "Asia/Shanghai");
        var settings = new SettingsPage(session.Page);
        await settings.OpenAsync(session.Portal.BaseUrl);
        await settings.FillServerAsync("127.0.0.1", 2525, "STARTTLS", "user", "secret value", "from@example.test");
        // Nothing listens there: the test before saving fails, and the admin saves untested.
        await settings.SaveFailingItsTestAsync();
        await session.Page.Locator("#save-without-testing").ClickAsync();
        await Assertions.Expect(settings.Secret).ToHaveValueAsync("", new() { Timeout = 30_000 });
        await Assertions.Expect(session.Page.Locator("#last-saved")).ToContainTextAsync("UTC+8");

        // A page request without the zone cookie renders UTC and says so; the circuit then asks
        // the browser and every time on the page turns to the admin's zone.
        await session.Context.ClearCookiesAsync(new() { Name = "SmtpPortal.TimeZone" });
        var prerendered = await session.Page.GotoAsync(session.Portal.BaseUrl + "/history");
        Assert.Contains("time zone (UTC).", await prerendered!.TextAsync());
        await new HistoryPage(session.Page).WaitUntilInteractiveAsync();

        await Assertions.Expect(session.Page.Locator("#history-zone")).ToContainTextAsync("(UTC+8)");
        await Assertions.Expect(session.Page.Locator("#history tbody tr").First).ToContainTextAsync("UTC+8");
    }

    private static async Task AssertFocusRingAsync(IPage page)
    {
        var (style, width) = (await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle"),
            await page.EvaluateAsync<double>("() => parseFloat(getComputedStyle(document.activeElement).outlineWidth)"));
        var id = await page.EvaluateAsync<string>("() => document.activeElement.id || document.activeElement.tagName");
        Assert.True(style != "none" && width >= 2, $"{id} has the focus but no visible ring (outline {style} {width}px)");
    }

    private static double Luminance(string rgb)
    {
        var parts = Regex.Matches(rgb, @"\d+").Select(m => double.Parse(m.Value)).ToArray();
        return (0.2126 * parts[0] + 0.7152 * parts[1] + 0.0722 * parts[2]) / 255;
    }
}
