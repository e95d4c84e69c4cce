namespace SmtpPortal.BrowserTests.Pages;

/// <summary>The Relay page: the switch, the new-login form and the logins.</summary>
public sealed class RelayPage(IPage page) : PortalPage(page)
{
    public ILocator Listening => Page.Locator("#relay-listening");
    public ILocator NewLogin => Page.Locator("#new-relay-login");
    public ILocator Logins => Page.Locator("#relay-apps");

    public async Task OpenAsync(string baseUrl)
    {
        await Page.GotoAsync(baseUrl + "/relay");
        await WaitUntilInteractiveAsync();
    }

    public async Task TurnOnAsync()
    {
        await Page.Locator("#relay-status").GetByRole(AriaRole.Switch).First.ClickAsync();
        await Assertions.Expect(Listening).ToContainTextAsync("127.0.0.1:");
    }

    /// <summary>Creates a login and returns its secret, read from the page (shown this once).</summary>
    public async Task<string> CreateLoginAsync(string app, string senders)
    {
        await Page.GetByLabel("App", new() { Exact = true }).FillAsync(app);
        await Page.GetByLabel("May send as", new() { Exact = true }).FillAsync(senders);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create login" }).ClickAsync();
        await NewLogin.WaitForAsync();
        return (await NewLogin.Locator(".relay-secret").InnerTextAsync()).Trim();
    }

    public async Task<int> PortAsync()
    {
        var listening = (await Listening.InnerTextAsync()).Trim();
        return int.Parse(listening[(listening.LastIndexOf(':') + 1)..]);
    }
}
