namespace SmtpPortal.BrowserTests.Pages;

/// <summary>The Fallback provider page: its form, its check and which provider carries the mail.
/// Fields are found by id, so the page object works in either language.</summary>
public sealed class FallbackPage(IPage page) : PortalPage(page)
{
    public ILocator Host => Page.Locator("#host");
    public ILocator Port => Page.Locator("#port");
    public ILocator Username => Page.Locator("#username");
    public ILocator Password => Page.Locator("#password");
    public ILocator FromAddress => Page.Locator("#from-address");
    public ILocator SwitchAfter => Page.Locator("#switch-after");
    public ILocator State => Page.Locator("#provider-in-use");
    public ILocator Notes => Page.Locator(".preset-notes");
    public ILocator CheckResult => Page.Locator("#fallback-check-result");
    public ILocator CheckAdvice => Page.Locator("#fallback-check-advice");

    public async Task OpenAsync(string baseUrl)
    {
        await Page.GotoAsync(baseUrl + "/fallback");
        await WaitUntilInteractiveAsync();
    }

    /// <summary>Picks a preset by its id (the picker searches ids too) and waits until its notes show.</summary>
    public async Task ChooseProviderAsync(string id, string name)
    {
        var picker = Page.Locator("#preset");
        await picker.ClickAsync();
        await picker.FillAsync(id);
        var item = Page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = name }).First;
        await Assertions.Expect(item).ToBeVisibleAsync();
        await item.ClickAsync();
        await Assertions.Expect(Notes.Locator("h2")).ToHaveTextAsync(name);
        await Page.Locator("h1").ClickAsync();
    }

    public async Task FillAsync(string? host, int? port, string username, string password, string from, int switchAfterMinutes)
    {
        if (host is not null)
            await Host.FillAsync(host);
        if (port is { } number)
        {
            await Port.FillAsync(number.ToString());
            await Port.BlurAsync();
        }
        await Username.FillAsync(username);
        await Password.FillAsync(password);
        await FromAddress.FillAsync(from);
        await SwitchAfter.FillAsync(switchAfterMinutes.ToString());
        await SwitchAfter.BlurAsync();
    }

    /// <summary>Saves and waits for the confirmation (the snackbar) and the emptied password field.</summary>
    public async Task SaveAsync()
    {
        await Page.Locator("#save").ClickAsync();
        await Page.Locator(".mud-snackbar").Last.WaitForAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(Password).ToHaveValueAsync("");
    }

    public async Task CheckAsync()
    {
        await Page.Locator("#check-fallback").ClickAsync();
        await CheckResult.WaitForAsync(new() { Timeout = 30_000 });
    }
}
