namespace SmtpPortal.BrowserTests.Pages;

public sealed class DashboardPage(IPage page) : PortalPage(page)
{
    public ILocator Facts => Page.Locator(".facts");

    public async Task OpenAsync(string baseUrl)
    {
        await Page.GotoAsync(baseUrl + "/");
        await WaitUntilInteractiveAsync();
    }
}
