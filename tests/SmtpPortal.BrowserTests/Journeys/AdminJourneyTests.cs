using SmtpPortal.BrowserTests.Infrastructure;
using SmtpPortal.BrowserTests.Pages;

namespace SmtpPortal.BrowserTests.Journeys;

/// <summary>The admin's whole first visit, in Chromium, against smtp4dev.</summary>
public sealed class AdminJourneyTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string AdminPassword = "journey admin password";
    private readonly PortalServer _portal = new();
    private IBrowserContext _context = default!;
    private IPage _page = default!;

    public async ValueTask InitializeAsync()
    {
        _context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        _page = await _context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _context.DisposeAsync();
        await _portal.DisposeAsync();
    }

    [Fact]
    public async Task FirstRunSetupThenConfigureSaveTestAndSignOut()
    {
        var smtp = browser.StartTlsServer;

        await _page.GotoAsync(_portal.BaseUrl + "/");
        await Assertions.Expect(_page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/setup$"));
        var token = (await File.ReadAllTextAsync(_portal.SetupTokenFile, TestContext.Current.CancellationToken)).Trim();
        await new SetupPage(_page).CreateAdminAsync(token, "admin", "admin@example.test", AdminPassword);
        await _page.WaitForPathAsync("**/settings");

        var settings = new SettingsPage(_page);
        await settings.WaitUntilInteractiveAsync();
        await settings.ChooseProviderAsync("QQ Mail");
        await Assertions.Expect(settings.Notes).ToContainTextAsync("authorization code");
        Assert.Equal("Authorization code", await settings.SecretLabelAsync());
        await Assertions.Expect(settings.Host).ToHaveValueAsync("smtp.qq.com");
        await settings.ScreenshotAsync("settings-qq-light");

        await settings.DetectFromAddressAsync("webmaster@163.com");
        await Assertions.Expect(settings.DetectionReason).ToContainTextAsync("163");
        await Assertions.Expect(settings.Page.GetByLabel("Provider", new() { Exact = true })).ToHaveValueAsync("163 Mail");
        await Assertions.Expect(settings.Username).ToHaveValueAsync("webmaster@163.com");

        await settings.ChooseProviderAsync("Custom SMTP");
        await settings.FillServerAsync("127.0.0.1", smtp.SmtpPort, "STARTTLS", Smtp4Dev.User, Smtp4Dev.Password, "portal@example.test");
        // The new settings are tested before they are stored: smtp4dev's self-signed certificate
        // is refused, named, and can be trusted right there.
        var refused = await settings.SaveFailingItsTestAsync();
        await Assertions.Expect(refused).ToContainTextAsync("certificate was not accepted: it is self-signed");
        await Assertions.Expect(_page.Locator("#save-test")).ToContainTextAsync(Fingerprint(smtp.CertificateSha256));
        Assert.DoesNotContain(Smtp4Dev.Password, await _page.ContentAsync());
        await settings.TrustCertificateAndSaveAsync();
        Assert.DoesNotContain(Smtp4Dev.Password, await _page.ContentAsync());
        await Assertions.Expect(settings.Secret).ToHaveValueAsync("");

        await settings.SendTestAsync("someone@example.test");
        await Assertions.Expect(settings.TestResult).ToContainTextAsync("Sent");
        var arrived = Assert.Single(await smtp.MessagesAsync(), m => m.To.Contains("someone@example.test"));
        Assert.Equal("SmtpPortal test email", arrived.Subject);
        Assert.Equal("portal@example.test", arrived.From);
        var source = await smtp.SourceAsync(arrived.Id);
        Assert.Contains("From: portal@example.test", source);
        Assert.Contains("To: someone@example.test", source);
        Assert.Contains("Message-Id: <", source, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Smtp4Dev.Password, await _page.ContentAsync());

        await settings.Secret.FillAsync("a wrong password");
        var wrong = await settings.SaveFailingItsTestAsync();
        await Assertions.Expect(wrong).ToContainTextAsync("rejected the username or password");
        await Assertions.Expect(_page.Locator("#save-not-stored")).ToContainTextAsync("Not saved");
        Assert.DoesNotContain("a wrong password", await _page.ContentAsync());

        await settings.RotatePasswordAsync(Smtp4Dev.Password);
        await Assertions.Expect(_page.Locator("#rotate-result")).ToContainTextAsync("rotated", new() { IgnoreCase = true });
        await settings.SendTestAsync("someone@example.test");
        await Assertions.Expect(settings.TestResult).ToContainTextAsync("Sent");
        Assert.DoesNotContain(Smtp4Dev.Password, await _page.ContentAsync());

        var history = new HistoryPage(_page);
        await history.OpenAsync(_portal.BaseUrl);
        await Assertions.Expect(history.Entries).ToContainTextAsync("Password rotated");
        await Assertions.Expect(history.Entries).ToContainTextAsync("Connection check failed");
        await Assertions.Expect(history.Entries).ToContainTextAsync("Test email sent");
        await Assertions.Expect(history.Entries).ToContainTextAsync("password changed");
        Assert.DoesNotContain(Smtp4Dev.Password, await _page.ContentAsync());
        await history.ScreenshotAsync("history-light");

        var dashboard = new DashboardPage(_page);
        await dashboard.OpenAsync(_portal.BaseUrl);
        await Assertions.Expect(dashboard.Facts).ToContainTextAsync($"127.0.0.1:{smtp.SmtpPort}");
        await Assertions.Expect(dashboard.Facts).ToContainTextAsync("STARTTLS");
        await dashboard.ScreenshotAsync("dashboard-light");

        await dashboard.SignOutAsync();
        await _page.GotoAsync(_portal.BaseUrl + "/settings");
        await Assertions.Expect(_page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin\\?ReturnUrl=%2Fsettings$"));
    }

    [Fact]
    public async Task SendsThroughSmtp4DevOverImplicitTls()
    {
        var smtp = browser.ImplicitTlsServer;
        await using var session = await SignedInSession.StartAsync(browser.Browser);
        var settings = new SettingsPage(session.Page);
        await settings.OpenAsync(session.Portal.BaseUrl);
        await settings.ChooseProviderAsync("Custom SMTP");
        await settings.FillServerAsync("127.0.0.1", smtp.SmtpPort, "SSL/TLS (implicit)", Smtp4Dev.User, Smtp4Dev.Password, "implicit@example.test");
        await Assertions.Expect(await settings.SaveFailingItsTestAsync()).ToContainTextAsync("it is self-signed");
        await settings.TrustCertificateAndSaveAsync();
        await settings.SendTestAsync("implicit-tls@example.test");

        await Assertions.Expect(settings.TestResult).ToContainTextAsync("Sent");
        var arrived = Assert.Single(await smtp.MessagesAsync(), m => m.To.Contains("implicit-tls@example.test"));
        Assert.Equal("implicit@example.test", arrived.From);
    }

    /// <summary>A SHA-256 as the portal shows it: the way openssl prints it (AB:CD:…).</summary>
    private static string Fingerprint(string sha256) =>
        string.Join(':', sha256.ToUpperInvariant().Chunk(2).Select(pair => new string(pair)));
}
