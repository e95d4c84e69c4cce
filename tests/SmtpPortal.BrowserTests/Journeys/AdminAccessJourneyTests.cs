using OtpNet;
using SmtpPortal.BrowserTests.Infrastructure;
using SmtpPortal.BrowserTests.Pages;

namespace SmtpPortal.BrowserTests.Journeys;

/// <summary>Admin access in a real browser: the headers must not break the portal, and 2FA must
/// work with a code computed the way an authenticator app does.</summary>
public sealed class AdminAccessJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task UnderTheContentSecurityPolicyTheCircuitConnectsAndMudBlazorWorks()
    {
        await using var session = await SignedInSession.StartAsync(browser.Browser);
        var page = session.Page;
        var refused = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal) || message.Text.StartsWith("Refused to", StringComparison.Ordinal))
                refused.Add(message.Text);
        };
        var sockets = new List<string>();
        page.WebSocket += (_, socket) => sockets.Add(socket.Url);

        var settings = new SettingsPage(page);
        await settings.OpenAsync(session.Portal.BaseUrl);
        await settings.ChooseProviderAsync("QQ Mail");
        await Assertions.Expect(settings.Notes).ToContainTextAsync("authorization code");
        await page.GotoAsync(session.Portal.BaseUrl + "/admins");
        await settings.WaitUntilInteractiveAsync();
        await Assertions.Expect(page.Locator("#admins")).ToContainTextAsync("admin@example.test");

        Assert.Empty(refused);
        Assert.Contains(sockets, url => url.StartsWith("ws://", StringComparison.Ordinal) && url.Contains("/_blazor", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnAdminTurnsOnTwoFactorAndThenSignsInWithTheAppsCode()
    {
        await using var session = await SignedInSession.StartAsync(browser.Browser);
        var page = session.Page;
        var dashboard = new DashboardPage(page);

        await page.GotoAsync(session.Portal.BaseUrl + "/admins");
        await dashboard.WaitUntilInteractiveAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on two-factor authentication" }).ClickAsync();
        await page.WaitForPathAsync("**/account/two-factor");
        await Assertions.Expect(page.GetByAltText("QR code for your authenticator app")).ToBeVisibleAsync();
        var key = (await page.Locator("#authenticator-key").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        await page.GetByLabel("Code from the app", new() { Exact = true }).FillAsync(CodeFor(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#recovery-codes li")).ToHaveCountAsync(10);

        await dashboard.OpenAsync(session.Portal.BaseUrl);
        await dashboard.SignOutAsync();
        await new SignInPage(page).SignInAsync(SignedInSession.AdminName, SignedInSession.AdminPassword);
        await page.WaitForPathAsync("**/signin/two-factor");
        await page.GetByLabel("Authenticator or recovery code", new() { Exact = true }).FillAsync(CodeFor(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(session.Portal.BaseUrl + "/");
    }

    private static string CodeFor(string base32Key) => new Totp(Base32Encoding.ToBytes(base32Key)).ComputeTotp();
}
