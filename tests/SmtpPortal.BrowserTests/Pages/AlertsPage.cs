namespace SmtpPortal.BrowserTests.Pages;

public sealed class AlertsPage(IPage page) : PortalPage(page)
{
    public ILocator Channels => Page.Locator("#channels tbody");
    public ILocator TestResult => Page.Locator("#channels .test-result");

    public async Task OpenAsync(string baseUrl)
    {
        await Page.GotoAsync(baseUrl + "/alerts");
        await WaitUntilInteractiveAsync();
    }

    /// <summary>Adds a channel of the type shown first (WeCom group robot).</summary>
    public async Task AddAsync(string name, string url)
    {
        await Page.Locator("#channel-name").FillAsync(name);
        await Page.Locator("#channel-url").FillAsync(url);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Add channel" }).ClickAsync();
    }

    public Task SendTestAsync() => Page.GetByRole(AriaRole.Button, new() { Name = "Send test alert" }).ClickAsync();
}
