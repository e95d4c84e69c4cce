using System.Net;
using System.Text.RegularExpressions;
using OtpNet;
using SmtpPortal.History;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Security;

public sealed partial class TwoFactorSignInTests : IDisposable
{
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task AnAdminTurnsOnTwoFactorThenSignsInWithAnAuthenticatorCode()
    {
        await using var portal = new PortalFactory(_data.Path);
        await portal.CreateAdminAsync();
        var key = await TurnOnTwoFactorAsync(portal);

        using var browser = AdminBrowser.Open(portal);
        var password = await browser.SignInAsync(path: "/signin?ReturnUrl=%2Fsettings");
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        Assert.Equal("/signin/two-factor?ReturnUrl=%2Fsettings", AdminBrowser.RedirectTarget(password));
        Assert.DoesNotContain(password.Headers.GetValues("Set-Cookie"), c => c.StartsWith("SmtpPortal.Auth=", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/settings")).StatusCode);

        var wrong = await SubmitCodeAsync(browser, WrongCode(key));
        Assert.Contains("That code is not right", await AdminBrowser.TextOf(wrong));

        // A browser posts the form back to the page's own address, query included.
        var right = await browser.SubmitAsync("/signin/two-factor?ReturnUrl=%2Fsettings", "two-factor",
            new Dictionary<string, string> { ["Input.Code"] = new Totp(Base32Encoding.ToBytes(key)).ComputeTotp() });
        Assert.Equal("/settings", AdminBrowser.RedirectTarget(right));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/settings")).StatusCode);

        var history = await portal.Get<AuditLog>().FindAsync(new AuditFilter(), TestContext.Current.CancellationToken);
        Assert.Contains(history, e => e.Action == AuditAction.AdminTwoFactorEnabled && e.Actor == "admin");
        Assert.Contains(history, e => e.Action == AuditAction.AdminSignInFailed && e.Details == "Wrong two-factor code.");
        Assert.Equal("Signed in with two-factor code.", history.First(e => e.Action == AuditAction.AdminSignedIn).Details);
    }

    [Fact]
    public async Task TurningTwoFactorOffIsAHistoryEntry()
    {
        await using var portal = new PortalFactory(_data.Path);
        await portal.CreateAdminAsync();
        var key = await TurnOnTwoFactorAsync(portal);
        using var browser = AdminBrowser.Open(portal);
        await browser.SignInAsync();
        await SubmitCodeAsync(browser, new Totp(Base32Encoding.ToBytes(key)).ComputeTotp());

        var off = await browser.PostAsync("/account/two-factor", "disable", new Dictionary<string, string>(),
            await browser.GetHtmlAsync("/account/two-factor"));

        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        var entry = Assert.Single(await portal.Get<AuditLog>().FindAsync(new AuditFilter(AuditAction.AdminTwoFactorDisabled), TestContext.Current.CancellationToken));
        Assert.Equal("admin turned two-factor authentication off.", entry.Details);
        Assert.Equal("Two-factor turned off", entry.Action.Describe());
    }

    [Fact]
    public async Task ARecoveryCodeSignsInOnceOnly()
    {
        await using var portal = new PortalFactory(_data.Path);
        await portal.CreateAdminAsync();
        using var setup = AdminBrowser.Open(portal);
        Assert.Equal(HttpStatusCode.Redirect, (await setup.SignInAsync()).StatusCode);
        var key = await EnableAsync(setup);
        var enabled = await setup.PostAsync("/account/two-factor", "enable",
            new Dictionary<string, string> { ["Input.Code"] = new Totp(Base32Encoding.ToBytes(key)).ComputeTotp() },
            await setup.GetHtmlAsync("/account/two-factor"));
        var codes = RecoveryCode().Matches(await AdminBrowser.TextOf(enabled)).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(10, codes.Count);

        using (var first = AdminBrowser.Open(portal))
        {
            await first.SignInAsync();
            var recovered = await SubmitCodeAsync(first, codes[0].ToLowerInvariant());
            Assert.Equal(HttpStatusCode.Redirect, recovered.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/")).StatusCode);
        }

        using var again = AdminBrowser.Open(portal);
        await again.SignInAsync();
        Assert.Contains("That code is not right", await AdminBrowser.TextOf(await SubmitCodeAsync(again, codes[0])));
    }

    [Fact]
    public async Task TheCodeStepIsClosedToAnyoneWhoHasNotPassedThePassword()
    {
        await using var portal = new PortalFactory(_data.Path);
        await portal.CreateAdminAsync();
        using var stranger = AdminBrowser.Open(portal);

        var page = await stranger.GetAsync("/signin/two-factor");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/signin", new Uri(new Uri("http://localhost/"), page.Headers.Location!).AbsolutePath);
    }

    [Fact]
    public async Task WrongCodesCountTowardTheLockout()
    {
        await using var portal = new PortalFactory(_data.Path, new Dictionary<string, string?>
        {
            ["SmtpPortal:Security:MaxFailedSignIns"] = "2",
        });
        await portal.CreateAdminAsync();
        var key = await TurnOnTwoFactorAsync(portal);
        using var browser = AdminBrowser.Open(portal);
        await browser.SignInAsync();

        await SubmitCodeAsync(browser, WrongCode(key));
        var second = await AdminBrowser.TextOf(await SubmitCodeAsync(browser, WrongCode(key)));

        Assert.Contains("locked until", second);
        var lockout = Assert.Single(await portal.Get<AuditLog>().FindAsync(new AuditFilter(AuditAction.AdminLockedOut), TestContext.Current.CancellationToken));
        Assert.Contains("Wrong two-factor code: locked until", lockout.Details);
    }

    /// <summary>Turns 2FA on through the real pages, as the admin would, and returns the key.</summary>
    private static async Task<string> TurnOnTwoFactorAsync(PortalFactory portal)
    {
        using var browser = AdminBrowser.Open(portal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync()).StatusCode);
        var key = await EnableAsync(browser);
        var enabled = await browser.PostAsync("/account/two-factor", "enable",
            new Dictionary<string, string> { ["Input.Code"] = new Totp(Base32Encoding.ToBytes(key)).ComputeTotp() },
            await browser.GetHtmlAsync("/account/two-factor"));
        Assert.Contains("Two-factor authentication is on", await AdminBrowser.TextOf(enabled));
        return key;
    }

    /// <summary>Reads the key the page shows for typing by hand (grouped, lower case).</summary>
    private static async Task<string> EnableAsync(AdminBrowser browser)
    {
        var html = await browser.GetHtmlAsync("/account/two-factor");
        Assert.Contains("data:image/png;base64,", html);
        var grouped = AuthenticatorKey().Match(html).Groups[1].Value;
        return grouped.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
    }

    private static Task<HttpResponseMessage> SubmitCodeAsync(AdminBrowser browser, string code) =>
        browser.SubmitAsync("/signin/two-factor", "two-factor", new Dictionary<string, string> { ["Input.Code"] = code });

    /// <summary>A six-digit code that is none of the codes Identity accepts around now.</summary>
    private static string WrongCode(string key)
    {
        var totp = new Totp(Base32Encoding.ToBytes(key));
        var now = DateTime.UtcNow;
        var accepted = Enumerable.Range(-3, 7).Select(step => totp.ComputeTotp(now.AddSeconds(30 * step))).ToHashSet();
        return Enumerable.Range(0, 1000).Select(i => i.ToString("000000", System.Globalization.CultureInfo.InvariantCulture)).First(c => !accepted.Contains(c));
    }

    [GeneratedRegex("id=\"authenticator-key\">([a-z2-7 ]+)<")]
    private static partial Regex AuthenticatorKey();

    [GeneratedRegex("<li>([A-Z0-9]{5}-[A-Z0-9]{5})</li>")]
    private static partial Regex RecoveryCode();
}
