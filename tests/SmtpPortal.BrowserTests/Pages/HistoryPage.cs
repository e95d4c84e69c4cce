namespace SmtpPortal.BrowserTests.Pages;

public sealed class HistoryPage(IPage page) : PortalPage(page)
{
    public ILocator Entries => Page.Locator("main");

    public async Task OpenAsync(string baseUrl)
    {
        await Page.GotoAsync(baseUrl + "/history");
        await WaitUntilInteractiveAsync();
    }
}
