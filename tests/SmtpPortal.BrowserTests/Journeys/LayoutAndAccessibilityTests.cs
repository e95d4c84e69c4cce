using SmtpPortal.BrowserTests.Infrastructure;
using SmtpPortal.BrowserTests.Pages;

namespace SmtpPortal.BrowserTests.Journeys;

public sealed class LayoutAndAccessibilityTests(BrowserFixture browser)
{
    private const string UnlabelledControls = """
        () => {
          const visible = e => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);
          const named = e => (e.getAttribute('aria-label') || '').trim() || e.getAttribute('aria-labelledby')
            || (e.labels && e.labels.length && [...e.labels].some(l => l.textContent.trim()))
            || (e.getAttribute('title') || '').trim();
          const inputs = [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
            .filter(visible).filter(e => !named(e)).map(e => 'input#' + (e.id || e.name || e.outerHTML.slice(0, 80)));
          const buttons = [...document.querySelectorAll('button, [role=button], a[href]')]
            .filter(visible).filter(e => !(e.textContent.trim() || named(e))).map(e => 'button ' + e.outerHTML.slice(0, 120));
          return inputs.concat(buttons);
        }
        """;

    [Theory]
    [InlineData("/")]
    [InlineData("/settings")]
    [InlineData("/export")]
    [InlineData("/api-tokens")]
    [InlineData("/alerts")]
    [InlineData("/fallback")]
    public async Task EveryInputHasALabelAndEveryButtonAName(string path)
    {
        await using var session = await SignedInSession.StartAsync(browser.Browser);
        await session.Page.GotoAsync(session.Portal.BaseUrl + path);
        await new SettingsPage(session.Page).WaitUntilInteractiveAsync();

        var unnamed = await session.Page.EvaluateAsync<string[]>(UnlabelledControls);

        Assert.Empty(unnamed);
    }

    [Fact]
    public async Task DarkModeSwitchesAtOnceAndTheNextPageLoadRendersItFromTheStart()
    {
        await using var session = await SignedInSession.StartAsync(browser.Browser);
        var dashboard = new DashboardPage(session.Page);
        await dashboard.WaitUntilInteractiveAsync();
        const string background = "() => getComputedStyle(document.body).backgroundColor";
        var light = await session.Page.EvaluateAsync<string>(background);

        await dashboard.ToggleDarkModeAsync();
        await Assertions.Expect(session.Page.Locator("html")).ToHaveClassAsync("portal-dark");
        var dark = await session.Page.EvaluateAsync<string>(background);
        Assert.NotEqual(light, dark);

        // The server renders the dark palette from the cookie: no light flash before the circuit starts.
        var reloaded = await session.Page.ReloadAsync();
        Assert.Contains("class=\"portal-dark\"", await reloaded!.TextAsync());
        Assert.Equal(dark, await session.Page.EvaluateAsync<string>(background));
        await dashboard.WaitUntilInteractiveAsync();
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Switch to light mode" }).ClickAsync();

        await Assertions.Expect(session.Page.Locator("html")).Not.ToHaveClassAsync("portal-dark");
        Assert.Equal(light, await session.Page.EvaluateAsync<string>(background));
    }

    [Fact]
    public async Task SignInAndSetupFormsAreLabelled()
    {
        await using var portal = new PortalServer();
        var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(portal.BaseUrl + "/setup");
        Assert.Empty(await page.EvaluateAsync<string[]>(UnlabelledControls));
        await context.DisposeAsync();
    }

    /// <summary>Buttons whose right edge passes their card's: the page may still fit the
    /// screen (the card's padding hides it) while a button hangs over the card's border.</summary>
    private const string ButtonsOutsideTheirCard = """
        () => [...document.querySelectorAll('.mud-paper button')]
            .filter(b => b.offsetParent !== null
                && b.getBoundingClientRect().right > b.closest('.mud-paper').getBoundingClientRect().right + 0.5)
            .map(b => b.id || b.textContent.trim())
        """;

    [Theory]
    [InlineData("light")]
    [InlineData("dark")]
    public async Task At390PixelsTheSettingsFormAndNotesNeedNoHorizontalScrolling(string scheme)
    {
        await using var session = await SignedInSession.StartAsync(browser.Browser, width: 390, height: 844);
        var settings = new SettingsPage(session.Page);
        await settings.OpenAsync(session.Portal.BaseUrl);
        if (scheme == "dark")
            await settings.ToggleDarkModeAsync();
        await settings.ChooseProviderAsync("QQ Mail");

        var overflow = await session.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");

        Assert.True(overflow <= 0, $"the page is {overflow}px wider than the 390px screen");
        Assert.Empty(await session.Page.EvaluateAsync<string[]>(ButtonsOutsideTheirCard));
        await Assertions.Expect(settings.Notes).ToBeVisibleAsync();
        Assert.True((await settings.Notes.BoundingBoxAsync())!.Width <= 390);
        await settings.ScreenshotAsync($"settings-qq-390px-{scheme}");
    }

    [Fact]
    public async Task TheSettingsFormCanBeCompletedWithTheKeyboardAlone()
    {
        await using var session = await SignedInSession.StartAsync(browser.Browser);
        var settings = new SettingsPage(session.Page);
        await settings.OpenAsync(session.Portal.BaseUrl);
        var keyboard = session.Page.Keyboard;

        await settings.TabToAsync("preset");
        await keyboard.TypeAsync("Custom");
        await session.Page.Locator(".mud-popover-open .mud-list-item").First.WaitForAsync();
        await keyboard.PressAsync("Enter");
        await settings.TabToAsync("host");
        await keyboard.TypeAsync("mail.example.test");
        await settings.TabToAsync("port");
        await keyboard.PressAsync("Control+A");
        await keyboard.TypeAsync("2525");
        await settings.TabToAsync("username");
        await keyboard.TypeAsync("relay-user");
        await settings.TabToAsync("password");
        await keyboard.TypeAsync("keyboard-only-secret");
        await settings.TabToAsync("from-address");
        await keyboard.PressAsync("Control+A");
        await keyboard.TypeAsync("server@example.test");
        await settings.TabToAsync("save");
        await keyboard.PressAsync("Enter");
        // mail.example.test does not exist: the test before saving fails, and saving untested is a key press away.
        await Assertions.Expect(session.Page.Locator("#save-not-stored")).ToContainTextAsync("Not saved", new() { Timeout = 30_000 });
        await settings.TabToAsync("save-without-testing");
        await keyboard.PressAsync("Enter");

        await Assertions.Expect(session.Page.Locator(".mud-snackbar")).ToContainTextAsync("Settings saved");
        var dashboard = new DashboardPage(session.Page);
        await dashboard.OpenAsync(session.Portal.BaseUrl);
        await Assertions.Expect(dashboard.Facts).ToContainTextAsync("mail.example.test:2525");
    }
}
