using System.Text.RegularExpressions;
using SmtpPortal.BrowserTests.Infrastructure;
namespace SmtpPortal.BrowserTests.Pages;

/// <summary>What every signed-in page has: the app bar, the navigation and a live circuit.</summary>
public abstract class PortalPage(IPage page)
{
    public IPage Page { get; } = page;

    /// <summary>Prerendered HTML looks ready before the circuit is; clicks only work after this.</summary>
    public Task WaitUntilInteractiveAsync() =>
        Page.Locator(".mud-layout[data-interactive=true]").WaitForAsync();

    public async Task SignOutAsync()
    {
        await Page.Locator(".signout-button").ClickAsync();
        await Page.WaitForPathAsync("**/signin");
    }

    /// <summary>Clicks the theme switch and waits until the switch has happened (the page's
    /// class and the button's name flipped), so the next step does not race the re-render.</summary>
    public async Task ToggleDarkModeAsync()
    {
        var toDark = await Page.GetByRole(AriaRole.Button, new() { Name = "Switch to dark mode" }).CountAsync() > 0;
        await Page.GetByRole(AriaRole.Button, new() { NameRegex = new("Switch to (dark|light) mode") }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Button, new() { Name = toDark ? "Switch to light mode" : "Switch to dark mode" }))
            .ToBeVisibleAsync();
        var html = Assertions.Expect(Page.Locator("html"));
        await (toDark ? html.ToHaveClassAsync(new Regex("portal-dark")) : html.Not.ToHaveClassAsync(new Regex("portal-dark")));
    }

    /// <summary>Clicks the middle of where the element shows, as a person does: whatever covers
    /// it (an open list) gets the click. Playwright's own click would refuse and wait instead.</summary>
    public async Task ClickWhereItShowsAsync(ILocator element)
    {
        var box = await element.BoundingBoxAsync() ?? throw new InvalidOperationException($"{element} is not on screen");
        await Page.Mouse.ClickAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
    }

    public async Task ScreenshotAsync(string name)
    {
        // From the top: a page scrolled down puts the fixed app bar in the middle of a full-page picture.
        await Page.EvaluateAsync("window.scrollTo(0, 0)");
        await Page.ScreenshotAsync(new()
        {
            Path = Path.Combine(Infrastructure.BrowserFixture.ArtifactsDirectory, name + ".png"),
            FullPage = true,
        });
    }

    /// <summary>Presses Tab until the element with this id has the focus, as a keyboard user would.</summary>
    public async Task TabToAsync(string id)
    {
        for (var presses = 0; presses < 40; presses++)
        {
            if (await Page.EvaluateAsync<string>("() => document.activeElement && document.activeElement.id") == id)
                return;
            await Page.Keyboard.PressAsync("Tab");
        }
        Assert.Fail($"#{id} cannot be reached with the Tab key");
    }
}
