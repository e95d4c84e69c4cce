namespace SmtpPortal.BrowserTests.Pages;

/// <summary>The send log.</summary>
public sealed class SentMailPage(IPage page) : PortalPage(page)
{
    public ILocator Rows => Page.Locator("#send-log tbody tr");

    public async Task OpenAsync(string baseUrl)
    {
        await Page.GotoAsync(baseUrl + "/sent-mail");
        await WaitUntilInteractiveAsync();
    }
}
