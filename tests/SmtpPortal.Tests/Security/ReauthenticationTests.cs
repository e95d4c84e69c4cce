using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OtpNet;
using SmtpPortal.Security;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Security;

public sealed class ReauthenticationTests : IDisposable
{
    private readonly TempFolder _data = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    public void Dispose() => _data.Dispose();

    private PortalFactory Portal() => new(_data.Path) { TestServices = s => s.AddSingleton<TimeProvider>(_clock) };

    [Fact]
    public async Task AfterTheWindowTheAdminsPageAndTwoFactorSettingsAskForThePasswordAgain()
    {
        await using var portal = Portal();
        await portal.CreateAdminAsync();
        using var browser = AdminBrowser.Open(portal);
        await browser.SignInAsync();

        // Signing in is itself a fresh proof of identity.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admins")).StatusCode);

        _clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal("/reauth?ReturnUrl=%2Fadmins", AdminBrowser.RedirectTarget(await browser.GetAsync("/admins")));
        Assert.Equal("/reauth?ReturnUrl=%2Faccount%2Ftwo-factor", AdminBrowser.RedirectTarget(await browser.GetAsync("/account/two-factor")));
        // Pages that reveal nothing stay open.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);

        var wrong = await ConfirmAsync(browser, "not my password");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("That password is not right", await AdminBrowser.TextOf(wrong));
        Assert.Equal("/reauth?ReturnUrl=%2Fadmins", AdminBrowser.RedirectTarget(await browser.GetAsync("/admins")));

        Assert.Equal("/admins", AdminBrowser.RedirectTarget(await ConfirmAsync(browser, AdminBrowser.Password)));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admins")).StatusCode);
    }

    [Fact]
    public async Task AnAdminWithTwoFactorMayConfirmWithAnAuthenticatorCode()
    {
        await using var portal = Portal();
        var admin = await portal.CreateAdminAsync();
        string key;
        using (var scope = portal.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
            var stored = (await users.FindByIdAsync(admin.Id))!;
            await users.ResetAuthenticatorKeyAsync(stored);
            key = (await users.GetAuthenticatorKeyAsync(stored))!;
            await users.SetTwoFactorEnabledAsync(stored, true);
        }
        using var browser = AdminBrowser.Open(portal);
        await browser.SignInAsync();
        await browser.SubmitAsync("/signin/two-factor", "two-factor",
            new Dictionary<string, string> { ["Input.Code"] = Code(key) });
        _clock.Advance(TimeSpan.FromMinutes(10));

        var page = await browser.GetHtmlAsync("/reauth?ReturnUrl=%2Fadmins");
        Assert.Contains("Password or authenticator code", page);
        Assert.Equal("/admins", AdminBrowser.RedirectTarget(await ConfirmAsync(browser, Code(key))));
    }

    [Fact]
    public async Task TheReauthenticationPolicyGuardsTheAdminsAndTwoFactorPages()
    {
        await using var portal = Portal();

        var guarded = portal.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == RecentReauthentication.Policy))
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .ToList();

        Assert.Contains("/admins", guarded);
        Assert.Contains("/account/two-factor", guarded);
    }

    private static Task<HttpResponseMessage> ConfirmAsync(AdminBrowser browser, string secret) =>
        browser.SubmitAsync("/reauth?ReturnUrl=%2Fadmins", "reauth", new Dictionary<string, string> { ["Input.Secret"] = secret });

    private string Code(string key) =>
        new Totp(Base32Encoding.ToBytes(key)).ComputeTotp(DateTime.UtcNow);
}
