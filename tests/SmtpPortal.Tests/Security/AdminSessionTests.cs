using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SmtpPortal.Data;
using SmtpPortal.History;
using SmtpPortal.Security;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Security;

public sealed class AdminSessionTests : IDisposable
{
    private readonly TempFolder _data = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    public void Dispose() => _data.Dispose();

    private PortalFactory Portal() => new(_data.Path) { TestServices = s => s.AddSingleton<TimeProvider>(_clock) };

    [Fact]
    public async Task ASessionEndsAfterThirtyIdleMinutes()
    {
        await using var portal = Portal();
        await portal.CreateAdminAsync();
        using var browser = AdminBrowser.Open(portal);
        await browser.SignInAsync();

        _clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
        _clock.Advance(TimeSpan.FromMinutes(31));
        Assert.StartsWith("/signin", AdminBrowser.RedirectTarget(await browser.GetAsync("/")));
    }

    [Fact]
    public async Task ABusySessionStillEndsEightHoursAfterSignIn()
    {
        await using var portal = Portal();
        await portal.CreateAdminAsync();
        using var browser = AdminBrowser.Open(portal);
        await browser.SignInAsync();

        for (var step = 0; step < 16; step++)
        {
            _clock.Advance(TimeSpan.FromMinutes(29));
            await browser.GetAsync("/health"); // any request slides the idle expiry
        }
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode); // 7 h 44 min in

        _clock.Advance(TimeSpan.FromMinutes(20));
        Assert.StartsWith("/signin", AdminBrowser.RedirectTarget(await browser.GetAsync("/")));
    }

    [Fact]
    public async Task ChangingThePasswordEndsEverySessionOfThatAdmin()
    {
        await using var portal = Portal();
        var admin = await portal.CreateAdminAsync();
        using var laptop = AdminBrowser.Open(portal);
        using var phone = AdminBrowser.Open(portal);
        await laptop.SignInAsync();
        await phone.SignInAsync();

        var changed = await portal.Get<AdminAccounts>().ChangePasswordAsync(admin.Id, AdminBrowser.Password, "a brand new long password", AuditActor.Unknown);

        Assert.True(changed.Succeeded);
        Assert.StartsWith("/signin", AdminBrowser.RedirectTarget(await laptop.GetAsync("/")));
        Assert.StartsWith("/signin", AdminBrowser.RedirectTarget(await phone.GetAsync("/")));
        Assert.Equal("/", AdminBrowser.RedirectTarget(await laptop.SignInAsync(password: "a brand new long password")));
    }

    [Fact]
    public async Task SignOutEverywhereEndsTheOtherBrowsersSessionToo()
    {
        await using var portal = Portal();
        await portal.CreateAdminAsync();
        using var laptop = AdminBrowser.Open(portal);
        using var phone = AdminBrowser.Open(portal);
        await laptop.SignInAsync();
        await phone.SignInAsync();

        var admins = await laptop.GetHtmlAsync("/admins");
        var signedOut = await laptop.PostAsync("/signout-everywhere", null, new Dictionary<string, string>(), admins);

        Assert.Equal("/signin?ended=everywhere", AdminBrowser.RedirectTarget(signedOut));
        Assert.Contains("signed out on every device", await laptop.GetHtmlAsync("/signin?ended=everywhere"));
        Assert.StartsWith("/signin", AdminBrowser.RedirectTarget(await phone.GetAsync("/")));
        Assert.StartsWith("/signin", AdminBrowser.RedirectTarget(await laptop.GetAsync("/")));
    }

    [Fact]
    public async Task ARemovedAdminIsSignedOutAtTheirNextRequest()
    {
        await using var portal = Portal();
        var first = await portal.CreateAdminAsync();
        var second = await portal.CreateAdminAsync("second", "second@example.test");
        using var browser = AdminBrowser.Open(portal);
        await browser.SignInAsync("second");

        Assert.True((await portal.Get<AdminAccounts>().RemoveAsync(second.Id, first.Id, AuditActor.Unknown)).Succeeded);

        Assert.StartsWith("/signin", AdminBrowser.RedirectTarget(await browser.GetAsync("/")));
    }

    [Fact]
    public async Task ACircuitLearnsThatItsSessionEnded()
    {
        await using var portal = Portal();
        var admin = await portal.CreateAdminAsync();
        using (var scope = portal.Services.CreateScope())
            Assert.IsType<AdminAuthenticationStateProvider>(scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>());

        var activity = new CircuitActivity(_clock);
        using var circuit = new AdminAuthenticationStateProvider(NullLoggerFactory.Instance,
            portal.Get<IServiceScopeFactory>(), portal.Get<IOptions<IdentityOptions>>(), portal.Get<AdminSessionPolicy>(), portal.Get<EndedSessions>(), activity);
        System.Security.Claims.ClaimsPrincipal user;
        using (var scope = portal.Services.CreateScope())
        {
            var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<AdminUser>>();
            user = await signIn.CreateUserPrincipalAsync((await signIn.UserManager.FindByIdAsync(admin.Id))!);
            ((System.Security.Claims.ClaimsIdentity)user.Identity!).AddClaim(AdminClaims.At(AdminClaims.SessionStarted, _clock.GetUtcNow()));
            ((System.Security.Claims.ClaimsIdentity)user.Identity!).AddClaim(AdminClaims.NewSessionId());
        }

        Assert.True(await circuit.IsSessionValidAsync(user));

        _clock.Advance(TimeSpan.FromMinutes(31)); // nobody clicked anything
        Assert.False(await circuit.IsSessionValidAsync(user));
        activity.Touch();
        Assert.True(await circuit.IsSessionValidAsync(user));

        using (var scope = portal.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
            await users.UpdateSecurityStampAsync((await users.FindByIdAsync(admin.Id))!);
        }
        Assert.False(await circuit.IsSessionValidAsync(user));
    }

    [Fact]
    public async Task TheStampCheckKeepsNoDatabaseContextInTheRequestItChecked()
    {
        // A circuit's WebSocket is a request that lasts as long as the tab: whatever the stamp
        // check leaves in that request's services stays in memory per open tab.
        var contextsPerRequest = new List<int>();
        await using var portal = new PortalFactory(_data.Path)
        {
            TestServices = services =>
            {
                services.AddScoped<DbContextsCreatedHere>();
                services.AddScoped(provider =>
                {
                    provider.GetRequiredService<DbContextsCreatedHere>().Count++;
                    return provider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContext();
                });
                services.AddSingleton<IStartupFilter>(new AfterEachRequest(context =>
                {
                    if (context.Request.Path == "/")
                        contextsPerRequest.Add(context.RequestServices.GetRequiredService<DbContextsCreatedHere>().Count);
                }));
            },
        };
        var admin = await portal.CreateAdminAsync();
        using var browser = AdminBrowser.Open(portal);
        await browser.SignInAsync();

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
        Assert.Equal([0], contextsPerRequest);

        // ...and the check still works from its own scope.
        await portal.Get<AdminAccounts>().ChangePasswordAsync(admin.Id, AdminBrowser.Password, "a brand new long password", AuditActor.Unknown);
        Assert.StartsWith("/signin", AdminBrowser.RedirectTarget(await browser.GetAsync("/")));
    }

    private sealed class DbContextsCreatedHere
    {
        public int Count { get; set; }
    }

    /// <summary>Looks at a request's services after the whole pipeline ran, before they are disposed.</summary>
    private sealed class AfterEachRequest(Action<HttpContext> inspect) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                await nextMiddleware(context);
                inspect(context);
            });
            next(app);
        };
    }
}
