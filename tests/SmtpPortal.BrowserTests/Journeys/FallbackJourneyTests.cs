using Microsoft.Extensions.DependencyInjection;
using SmtpPortal.BrowserTests.Infrastructure;
using SmtpPortal.BrowserTests.Pages;

namespace SmtpPortal.BrowserTests.Journeys;

/// <summary>Setting up a fallback provider in Chromium: saved without its password ever coming
/// back into the page, checked (smtp4dev's self-signed certificate: the check says why it fails),
/// and named on the Dashboard.</summary>
public sealed class FallbackJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task AFallbackIsSavedWithoutItsPasswordComingBackItsCheckSaysWhyAndTheDashboardNamesIt()
    {
        await using var session = await SignedInSession.StartAsync(browser.Browser);
        var main = await session.Portal.Services.GetRequiredService<SmtpPortal.Settings.SmtpSettingsStore>().SaveAsync(new SmtpPortal.Settings.SmtpSettingsInput
        {
            Host = "smtp.main.example", Port = 587, Security = SmtpPortal.Smtp.SecurityMode.StartTls, Username = "mail@example.test",
            Password = "main-password", FromAddress = "mail@example.test",
        }, null, TestContext.Current.CancellationToken);
        Assert.True(main.Succeeded);
        var fallback = new FallbackPage(session.Page);
        await fallback.OpenAsync(session.Portal.BaseUrl);
        await Assertions.Expect(fallback.State).ToContainTextAsync("No fallback provider is set");
        var smtp = browser.StartTlsServer;

        await fallback.FillAsync("127.0.0.1", smtp.SmtpPort, Smtp4Dev.User, Smtp4Dev.Password, "portal@example.test", 15);
        await fallback.SaveAsync();

        await Assertions.Expect(session.Page.Locator(".mud-snackbar").Last).ToContainTextAsync("Fallback provider saved.");
        Assert.DoesNotContain(Smtp4Dev.Password, await session.Page.ContentAsync());
        await Assertions.Expect(fallback.State).ToContainTextAsync($"Fallback on standby: 127.0.0.1:{smtp.SmtpPort}.");

        await fallback.CheckAsync();

        await Assertions.Expect(fallback.CheckResult).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("error"));
        await Assertions.Expect(fallback.CheckResult).ToContainTextAsync("certificate");
        await Assertions.Expect(fallback.CheckAdvice).ToBeVisibleAsync();
        Assert.DoesNotContain(Smtp4Dev.Password, await session.Page.ContentAsync());

        var dashboard = new DashboardPage(session.Page);
        await session.Page.GotoAsync(session.Portal.BaseUrl + "/");
        await dashboard.WaitUntilInteractiveAsync();
        await Assertions.Expect(session.Page.Locator("#provider-in-use"))
            .ToHaveTextAsync($"The main provider (smtp.main.example:587) carries the mail. Fallback on standby: 127.0.0.1:{smtp.SmtpPort}.");
    }
}
