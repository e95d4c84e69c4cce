namespace SmtpPortal.BrowserTests.Pages;

/// <summary>The SMTP settings page: the form, the provider notes and the test panel.</summary>
public sealed class SettingsPage(IPage page) : PortalPage(page)
{
    public ILocator Host => Page.GetByLabel("SMTP host", new() { Exact = true });
    public ILocator Port => Page.GetByLabel("Port", new() { Exact = true });
    public ILocator Username => Page.GetByLabel("Username", new() { Exact = true });
    public ILocator FromAddress => Page.GetByLabel("From address", new() { Exact = true });
    public ILocator Notes => Page.Locator(".preset-notes");
    public ILocator TestResult => Page.Locator("#test-result");
    public ILocator Advice => Page.Locator("#advice");
    public ILocator EmailAddress => Page.GetByLabel("Email address", new() { Exact = true });
    public ILocator DetectionReason => Page.Locator("#detection-reason");
    public ILocator Provider => Page.Locator("#preset");
    public ILocator OpenLists => Page.Locator(".mud-popover-open");

    /// <summary>The secret's field, whatever the preset calls it (password, authorization code…).</summary>
    public ILocator Secret => Page.Locator("#password");

    public async Task<string> SecretLabelAsync() =>
        await Page.Locator("label[for=password]").InnerTextAsync();

    public async Task OpenAsync(string baseUrl)
    {
        await Page.GotoAsync(baseUrl + "/settings");
        await WaitUntilInteractiveAsync();
    }

    public async Task ChooseProviderAsync(string name)
    {
        if ((await Notes.Locator("h2").TextContentAsync())?.Trim() == name)
            return;
        var picker = Provider;
        await picker.ClickAsync();
        await picker.FillAsync(name);
        // Click in the list the server found for the name, not in the one the first click opened.
        var listed = Page.Locator(".mud-popover-open .mud-list-item");
        await Assertions.Expect(listed.Filter(new() { HasNotText = name })).ToHaveCountAsync(0);
        await listed.Filter(new() { HasText = name }).First.ClickAsync();
        await Assertions.Expect(picker).ToHaveValueAsync(name);
        // The notes are rendered by the server once it has applied the preset to the form.
        await Assertions.Expect(Notes.Locator("h2")).ToHaveTextAsync(name);
    }

    public async Task ChooseSecurityAsync(string text)
    {
        await Page.Locator(".mud-select").Filter(new() { Has = Page.Locator("label", new() { HasText = "Security" }) }).First.ClickAsync();
        await Page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = text }).First.ClickAsync();
    }

    public async Task FillServerAsync(string host, int port, string security, string username, string secret, string from)
    {
        await Host.FillAsync(host);
        await Port.FillAsync(port.ToString());
        await Port.BlurAsync();
        await ChooseSecurityAsync(security);
        await Username.FillAsync(username);
        await Secret.FillAsync(secret);
        await FromAddress.FillAsync(from);
        await FromAddress.BlurAsync();
    }

    /// <summary>Saves; a new password or destination is tested first, so this waits for the test.</summary>
    public async Task SaveAsync()
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await ExpectSavedAsync();
    }

    /// <summary>Saves new settings whose test fails (here: an untrusted certificate) and returns why.</summary>
    public async Task<ILocator> SaveFailingItsTestAsync()
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        var result = Page.Locator("#save-test-result");
        await result.WaitForAsync(new() { Timeout = 30_000 });
        return result;
    }

    /// <summary>The fix the failed test before saving offers: trust exactly the certificate it saw, test again, save.</summary>
    public async Task TrustCertificateAndSaveAsync()
    {
        await Page.Locator("#save-test").GetByRole(AriaRole.Button, new() { Name = "Trust this certificate only" }).ClickAsync();
        await ExpectSavedAsync();
    }

    private async Task ExpectSavedAsync()
    {
        // An earlier save's snackbar may still be showing; the server clearing the typed secret
        // is the sign that this save went through.
        await Assertions.Expect(Secret).ToHaveValueAsync("", new() { Timeout = 30_000 });
        await Assertions.Expect(Page.Locator(".mud-snackbar").Last).ToContainTextAsync("Settings saved");
    }

    public async Task DetectFromAddressAsync(string address)
    {
        await EmailAddress.FillAsync(address);
        await EmailAddress.BlurAsync();
        await DetectionReason.WaitForAsync();
    }

    /// <summary>Sends and waits for the outcome of this send (not the previous one's).</summary>
    public async Task SendTestAsync(string? recipient = null)
    {
        if (recipient is not null)
            await Page.GetByLabel("Send to", new() { Exact = true }).FillAsync(recipient);
        // The previous run's result shows until the server has started this one: wait for it to
        // go before waiting for a result, or a slow start passes the previous result off as this one's.
        var previous = await TestResult.CountAsync() > 0 ? await TestResult.ElementHandleAsync() : null;
        await Page.GetByRole(AriaRole.Button, new() { Name = "Send test" }).ClickAsync();
        if (previous is not null)
            await previous.WaitForElementStateAsync(ElementState.Hidden);
        await TestResult.WaitForAsync(new() { Timeout = 30_000 });
    }

    /// <summary>Tests the new password against the saved server and only then stores it.</summary>
    public async Task RotatePasswordAsync(string newPassword)
    {
        await Page.Locator("#rotate-password").FillAsync(newPassword);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Test and rotate" }).ClickAsync();
        await Page.Locator("#rotate-result").WaitForAsync(new() { Timeout = 30_000 });
    }

    /// <summary>The one-click fix the advice offers (e.g. trust exactly this certificate).</summary>
    public async Task ApplyQuickFixAsync(string label)
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = label }).ClickAsync();
        await Page.Locator("#quick-fix-result").WaitForAsync();
    }
}
