using SmtpPortal.BrowserTests.Infrastructure;
using SmtpPortal.BrowserTests.Pages;
using SmtpPortal.Cli;

namespace SmtpPortal.BrowserTests.Journeys;

/// <summary>An admin's session and account from the outside, in Chromium: signing out ends the
/// session for every copy of its cookie, and an admin who lost the password gets back in through
/// the command line, chooses a new password at the first sign-in, and History shows all of it.</summary>
public sealed class AccountRecoveryJourneyTests(BrowserFixture browser)
{
    private const string NewPassword = "chosen after the reset";

    [Fact]
    public async Task ACookieCopiedBeforeSignOutOpensNothingAfterIt()
    {
        await using var session = await SignedInSession.StartAsync(browser.Browser);
        var copied = await session.Context.CookiesAsync();

        var dashboard = new DashboardPage(session.Page);
        await dashboard.OpenAsync(session.Portal.BaseUrl);
        await dashboard.SignOutAsync();

        await using var thief = await browser.Browser.NewContextAsync();
        await thief.AddCookiesAsync(copied.Select(c => new Cookie { Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path }));
        var page = await thief.NewPageAsync();
        await page.GotoAsync(session.Portal.BaseUrl + "/history");
        await page.WaitForPathAsync("**/signin?ReturnUrl=%2Fhistory");
    }

    [Fact]
    public async Task AnAdminResetFromTheCommandLineChoosesANewPasswordAndHistoryShowsIt()
    {
        await using var session = await SignedInSession.StartAsync(browser.Browser);
        var page = session.Page;

        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await PortalCommandLine.RunAsync(["admins", "reset-password", SignedInSession.AdminName],
            new CliConsole(output, error, new MemoryStream()),
            new Dictionary<string, string?> { ["SmtpPortal:DataDirectory"] = session.Portal.DataDirectory }, TestContext.Current.CancellationToken);
        Assert.True(exit == ExitCodes.Ok, error.ToString());
        var oneTime = output.ToString().Trim();

        // The reset ended this browser's session.
        await page.GotoAsync(session.Portal.BaseUrl + "/history");
        await page.WaitForPathAsync("**/signin?ReturnUrl=%2Fhistory");
        var signIn = new SignInPage(page);
        await signIn.SignInAsync(SignedInSession.AdminName, "the old password, forgotten");
        await Assertions.Expect(signIn.Error).ToContainTextAsync("The user name or password is not right.");
        Assert.DoesNotContain("the old password, forgotten", await page.ContentAsync());

        await signIn.SignInAsync(SignedInSession.AdminName, oneTime);
        await page.WaitForPathAsync("**/account/password?ReturnUrl=%2Fhistory");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Choose your own password" })).ToBeVisibleAsync();
        await page.GetByLabel("New password (at least 12 characters)", new() { Exact = true }).FillAsync(NewPassword);
        await page.GetByLabel("Repeat the new password", new() { Exact = true }).FillAsync(NewPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save password and continue" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(session.Portal.BaseUrl + "/history");

        var history = new HistoryPage(page);
        await history.WaitUntilInteractiveAsync();
        await Assertions.Expect(history.Entries).ToContainTextAsync("Admin password reset");
        await Assertions.Expect(history.Entries).ToContainTextAsync("cli:" + Environment.UserName);
        await Assertions.Expect(history.Entries).ToContainTextAsync("admin replaced the one-time password.");
        await Assertions.Expect(history.Entries).ToContainTextAsync("Admin sign-in failed");
        await Assertions.Expect(history.Entries).ToContainTextAsync("127.0.0.1");
    }
}
