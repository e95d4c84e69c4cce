namespace SmtpPortal.BrowserTests.Pages;

/// <summary>The statically rendered first-run page.</summary>
public sealed class SetupPage(IPage page)
{
    public async Task CreateAdminAsync(string token, string userName, string email, string password)
    {
        await page.GetByLabel("Setup token", new() { Exact = true }).FillAsync(token);
        await page.GetByLabel("Admin user name", new() { Exact = true }).FillAsync(userName);
        await page.GetByLabel("Admin email", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Password (at least 12 characters)", new() { Exact = true }).FillAsync(password);
        await page.GetByLabel("Repeat the password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create admin and sign in" }).ClickAsync();
    }
}

/// <summary>The statically rendered sign-in page.</summary>
public sealed class SignInPage(IPage page)
{
    public async Task SignInAsync(string userName, string password)
    {
        // By id: the form's words depend on the browser's language.
        await page.Locator("#username").FillAsync(userName);
        await page.Locator("#password").FillAsync(password);
        await page.Locator("button[type=submit]").ClickAsync();
    }

    public ILocator Error => page.GetByRole(AriaRole.Alert);
}
