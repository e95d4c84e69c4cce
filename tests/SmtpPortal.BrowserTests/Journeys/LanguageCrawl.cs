using System.Text.RegularExpressions;
using OtpNet;
using SmtpPortal.BrowserTests.Infrastructure;

namespace SmtpPortal.BrowserTests.Journeys;

/// <summary>
/// Walks the whole portal as a new admin would, in one browser language: first-run setup, every
/// page, and the settings page's states (a validation error, a preset's notes, a company domain
/// found by its MX records and its From-domain check, a failed test with
/// its advice, a one-click fix, a successful test, a connection check, the port probe, a wrong
/// password and its advice, the password card's rotation), the account pages (re-authentication,
/// two-factor set-up and sign-in, a wrong password) and the error pages. At each stop it hands the
/// page's visible text to <see cref="_read"/>. Elements are found by id, never by their words.
/// The portal asks a DNS server of the test, which knows one company domain (<see cref="CompanyAddress"/>).
/// </summary>
internal sealed class LanguageCrawl(IPage page, PortalServer portal, Smtp4Dev smtp, Func<string, Task> read)
{
    public const string AdminName = "crawler";
    public const string AdminEmail = "crawler@example.test";
    public const string AdminPassword = "crawl admin password";
    public const string TokenName = "deploy-script";
    public const string SecondAdmin = "second-admin";
    public const string NoSuchProvider = "no-such-provider";

    /// <summary>An address at a company domain whose mail Google Workspace handles (the test's DNS says so).</summary>
    public const string CompanyAddress = "ops@company.example";

    /// <summary>The test's own data as it appears on pages: names are not words to translate.</summary>
    public static readonly IReadOnlyList<string> TypedData = [AdminName, TokenName, SecondAdmin, NoSuchProvider, Smtp4Dev.User];

    private readonly Func<string, Task> _read = read;
    private string _authenticatorKey = "";

    private string Url(string path) => portal.BaseUrl + path;

    public async Task RunAsync()
    {
        await SetupAsync();
        await SettingsStatesAsync();
        await PagesAsync();
        await AccountPagesAsync();
    }

    private async Task SetupAsync()
    {
        await page.GotoAsync(Url("/setup"));
        await _read("first-run setup");
        await page.Locator("button[type=submit]").ClickAsync();
        await page.Locator(".field-error, .validation-message").First.WaitForAsync();
        await _read("first-run setup, empty form");
        var token = (await File.ReadAllTextAsync(portal.SetupTokenFile, TestContext.Current.CancellationToken)).Trim();
        await page.FillAsync("#token", token);
        await page.FillAsync("#username", AdminName);
        await page.FillAsync("#email", AdminEmail);
        await page.FillAsync("#password", AdminPassword);
        await page.FillAsync("#confirm", AdminPassword);
        await page.Locator("button[type=submit]").ClickAsync();
        await page.WaitForPathAsync("**/settings");
        await InteractiveAsync();
    }

    private async Task SettingsStatesAsync()
    {
        await _read("settings, nothing saved yet");

        await page.FillAsync("#host", "");
        await page.FillAsync("#from-address", "not an address");
        await page.ClickAsync("#save");
        await page.Locator(".mud-input-error").First.WaitForAsync();
        await _read("settings, validation errors");

        await ChoosePresetAsync("qq");
        await page.FillAsync("#email-address", "12345@qq.com");
        await page.Locator("#email-address").BlurAsync();
        await page.Locator("#detection-reason").WaitForAsync();
        await _read("settings, QQ Mail detected from the address, its notes beside the form");

        await page.FillAsync("#email-address", CompanyAddress);
        await page.Locator("#email-address").BlurAsync();
        await Assertions.Expect(page.Locator(".preset-notes h2")).ToHaveTextAsync(new Regex("Google Workspace"), new() { Timeout = 15_000 });
        await _read("settings, a company domain recognised from its MX records");
        await page.ClickAsync("#check-from-domain");
        await page.Locator("#from-domain-dmarc").WaitForAsync(new() { Timeout = 15_000 });
        await _read("settings, the From domain's SPF, DKIM and DMARC verdicts with the records to add");

        await ChoosePresetAsync("custom");
        await page.FillAsync("#host", "127.0.0.1");
        await page.FillAsync("#port", smtp.SmtpPort.ToString());
        await page.Locator("#port").BlurAsync();
        await OpenSelectAsync("security");
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "STARTTLS" }).First.ClickAsync();
        await page.FillAsync("#username", Smtp4Dev.User);
        await page.FillAsync("#password", Smtp4Dev.Password);
        await page.FillAsync("#from-address", "portal@example.test");
        // New settings are tested before they are stored: smtp4dev's certificate is refused, with
        // its one-click fix (trust exactly this certificate, test again, save).
        await page.ClickAsync("#save");
        await page.Locator("#save-test-result").WaitForAsync(new() { Timeout = 30_000 });
        await page.Locator("#save-test-advice").WaitForAsync();
        await _read("the test before saving failed: untrusted certificate, with advice and its one-click fix");

        await page.ClickAsync("#save-test #quick-fix");
        await ExpectSavedAsync();
        await _read("certificate trusted, settings saved (snackbar), password card shown");

        await SendTestAsync();
        await Assertions.Expect(page.Locator("#test-result.mud-alert-text-success, #test-result.mud-alert-filled-success, #test-result[class*=success]")).ToBeVisibleAsync();
        await _read("test sent successfully");

        await RunAndWaitForNewResultAsync("#check-connection");
        await _read("connection checked");

        await page.ClickAsync("#probe-ports");
        await page.Locator("#probe-results").WaitForAsync(new() { Timeout = 30_000 });
        await _read("port probe results");

        await page.FillAsync("#password", "a wrong password");
        await page.ClickAsync("#save");
        await page.Locator("#save-not-stored").WaitForAsync(new() { Timeout = 30_000 });
        await _read("the test before saving failed: wrong password, not saved");
        await page.ClickAsync("#save-without-testing");
        await ExpectSavedAsync();
        await SendTestAsync();
        await Assertions.Expect(page.Locator("#advice")).ToBeVisibleAsync();
        await _read("test failed: wrong password, with advice");

        await page.FillAsync("#rotate-password", "another wrong password");
        await page.ClickAsync("#rotate");
        await page.Locator("#rotate-result").WaitForAsync(new() { Timeout = 30_000 });
        await _read("rotation refused");

        await page.FillAsync("#rotate-password", Smtp4Dev.Password);
        await page.ClickAsync("#rotate");
        await Assertions.Expect(page.Locator("#rotate-result")).ToHaveClassAsync(new Regex("success"), new() { Timeout = 30_000 });
        await _read("password rotated");
    }

    private async Task PagesAsync()
    {
        await OpenAsync("/");
        await _read("Dashboard");

        await OpenAsync("/providers");
        await _read("Providers, every preset");
        await page.FillAsync("#provider-search", NoSuchProvider);
        await page.Locator("#no-provider-matches").WaitForAsync();
        await _read("Providers, nothing matches");

        await OpenAsync("/history");
        await page.Locator("#history").WaitForAsync();
        await _read("History");

        await OpenAsync("/export");
        await _read("Export, password as placeholder");

        await FallbackStatesAsync();

        await OpenAsync("/api-tokens");
        await _read("API tokens, none yet");
        await OpenSelectAsync("token-lifetime");
        await page.Locator(".mud-popover-open .mud-list-item").First.WaitForAsync();
        await _read("API tokens, lifetime choices");
        await page.Keyboard.PressAsync("Escape");
        await page.FillAsync("#token-name", TokenName);
        await page.Locator("#token-name").BlurAsync();
        await page.ClickAsync("#create-token");
        await page.Locator(".new-token").WaitForAsync();
        await _read("API tokens, a token created and shown once");

        await OpenAsync("/not-found-anywhere");
        await _read("page not found");
    }

    /// <summary>The fallback page: empty, its problems next to the fields, saved (on standby) and checked
    /// (smtp4dev's certificate is not trusted: a diagnosis with its advice).</summary>
    private async Task FallbackStatesAsync()
    {
        await OpenAsync("/fallback");
        await _read("Fallback provider, none set");
        await page.ClickAsync("#save");
        await page.Locator(".mud-input-error").First.WaitForAsync();
        await _read("Fallback provider, problems next to the fields");
        await page.FillAsync("#host", "127.0.0.1");
        await page.FillAsync("#port", smtp.SmtpPort.ToString());
        await page.Locator("#port").BlurAsync();
        await page.FillAsync("#username", "fallback@example.test");
        await page.FillAsync("#password", "a fallback password");
        await page.FillAsync("#from-address", "portal@example.test");
        await page.ClickAsync("#save");
        await page.Locator("#remove-fallback").WaitForAsync(new() { Timeout = 30_000 });
        await _read("Fallback provider saved, on standby");
        await page.ClickAsync("#check-fallback");
        await page.Locator("#fallback-check-result").WaitForAsync(new() { Timeout = 30_000 });
        await _read("Fallback provider checked: untrusted certificate, with advice");
    }

    private async Task AccountPagesAsync()
    {
        // Signing in counts as proving who you are for a few minutes: ask for the page itself.
        await page.GotoAsync(Url("/reauth?ReturnUrl=%2Fbackup"));
        await _read("re-authentication");
        await page.FillAsync("#secret", "not my password");
        await page.Locator("button[type=submit]").ClickAsync();
        await page.Locator(".account-error").WaitForAsync();
        await _read("re-authentication, wrong password");
        await page.FillAsync("#secret", AdminPassword);
        await page.Locator("button[type=submit]").ClickAsync();
        await page.WaitForPathAsync("**/backup");
        await InteractiveAsync();
        await _read("Backup");
        await OpenAsync("/backup?restore=NotAZip");
        await page.Locator("#restore-result").WaitForAsync();
        await _read("Backup, a file that is not a backup");

        await OpenAsync("/admins");
        await page.FillAsync("#new-admin-name", SecondAdmin);
        await page.FillAsync("#new-admin-email", "not an address");
        await page.ClickAsync("#add-admin-submit");
        await page.Locator("#add-admin .mud-input-error").First.WaitForAsync();
        await _read("Admins, validation error");
        await page.FillAsync("#new-admin-email", "second@example.test");
        await page.FillAsync("#new-admin-password", "second admin password");
        await page.ClickAsync("#add-admin-submit");
        await page.Locator(".mud-snackbar").WaitForAsync();
        await _read("Admins, one added");

        await page.ClickAsync("#manage-two-factor");
        await page.WaitForPathAsync("**/account/two-factor");
        await _read("two-factor set-up");
        _authenticatorKey = (await page.Locator("#authenticator-key").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        await page.FillAsync("#code", "000000");
        await page.Locator("form:has(#code) button[type=submit]").ClickAsync();
        await page.Locator(".account-error").WaitForAsync();
        await _read("two-factor set-up, wrong code");
        await page.FillAsync("#code", Code());
        await page.Locator("form:has(#code) button[type=submit]").ClickAsync();
        await page.Locator("#recovery-codes").WaitForAsync();
        await _read("two-factor on, recovery codes shown once");

        await OpenAsync("/");
        await page.Locator(".signout-button").ClickAsync();
        await page.WaitForPathAsync("**/signin");
        await _read("signed out: sign-in page");
        await page.FillAsync("#username", AdminName);
        await page.FillAsync("#password", "not my password");
        await page.Locator("button[type=submit]").ClickAsync();
        await page.Locator(".account-error").WaitForAsync();
        await _read("sign-in, wrong password");
        await page.FillAsync("#password", AdminPassword);
        await page.Locator("button[type=submit]").ClickAsync();
        await page.WaitForPathAsync("**/signin/two-factor**");
        await _read("two-factor sign-in");
        await page.FillAsync("#code", Code());
        await page.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(portal.BaseUrl + "/");

        await page.GotoAsync(Url("/error"));
        await _read("error page");
    }

    private string Code() => new Totp(Base32Encoding.ToBytes(_authenticatorKey)).ComputeTotp();

    private async Task OpenAsync(string path)
    {
        await page.GotoAsync(Url(path));
        await InteractiveAsync();
    }

    /// <summary>A MudSelect opens from its outer box; the id sits on an inner element.</summary>
    private Task OpenSelectAsync(string id) =>
        page.Locator(".mud-select").Filter(new() { Has = page.Locator("#" + id) }).First.ClickAsync();

    private Task InteractiveAsync() => page.Locator(".mud-layout[data-interactive=true]").WaitForAsync();

    /// <summary>Picks a preset by its id, which the picker searches as well as names, and waits
    /// until the server has applied it (the notes beside the form show its name, which for
    /// Custom SMTP is said in the page's language).</summary>
    private async Task ChoosePresetAsync(string id)
    {
        var picker = page.Locator("#preset");
        var item = page.Locator(".mud-popover-open .mud-list-item")
            .Filter(new() { HasTextRegex = new Regex(id == "custom" ? "Custom SMTP|自定义 SMTP" : "QQ Mail") }).First;
        await picker.ClickAsync();
        await picker.FillAsync(id);
        await Assertions.Expect(item).ToBeVisibleAsync();
        var name = (await item.InnerTextAsync()).Trim();
        await item.ClickAsync();
        await Assertions.Expect(page.Locator(".preset-notes h2")).ToHaveTextAsync(name);
        await page.Locator("h1").ClickAsync();
    }

    private async Task ExpectSavedAsync()
    {
        await Assertions.Expect(page.Locator("#password")).ToHaveValueAsync("", new() { Timeout = 30_000 });
        await page.Locator(".mud-snackbar").Last.WaitForAsync();
    }

    private async Task SendTestAsync()
    {
        await page.FillAsync("#test-recipient", "crawl@example.test");
        await RunAndWaitForNewResultAsync("#send-test");
    }

    /// <summary>Clicks a test button and waits for this run's result, not the previous one's
    /// (the result disappears while a run is on, and each run says how long it took).</summary>
    private async Task RunAndWaitForNewResultAsync(string button)
    {
        var result = page.Locator("#test-result");
        var before = await result.CountAsync() > 0 ? await result.InnerTextAsync() : null;
        await page.ClickAsync(button);
        if (before is null)
            await result.WaitForAsync(new() { Timeout = 30_000 });
        else
            await Assertions.Expect(result).Not.ToHaveTextAsync(before, new() { Timeout = 30_000 });
        await result.WaitForAsync();
    }
}
