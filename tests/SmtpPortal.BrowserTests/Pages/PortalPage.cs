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
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Page.WaitForURLAsync("**/signin");
    }

    public async Task ToggleDarkModeAsync()
    {
        await Page.GetByRole(AriaRole.Button, new() { NameRegex = new("Switch to (dark|light) mode") }).ClickAsync();
    }

    public async Task ScreenshotAsync(string name) =>
        await Page.ScreenshotAsync(new()
        {
            Path = Path.Combine(Infrastructure.BrowserFixture.ArtifactsDirectory, name + ".png"),
            FullPage = true,
        });
}
