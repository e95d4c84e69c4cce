using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using SmtpPortal.Components.Pages.Admins;
using SmtpPortal.Data;
using SmtpPortal.Hosting;
using SmtpPortal.Security;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Components.Pages.Admins;

/// <summary>The Admins page over the real account store, with the admin signed in and
/// re-authenticated at the start of the test.</summary>
public sealed class AdminsPageTests : BunitContext
{
    private readonly TempFolder _data = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly AdminUser _me;

    public AdminsPageTests()
    {
        Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        Services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        Services.AddSingleton<TimeProvider>(_clock);
        Services.AddSmtpPortalStorage(new DataDirectory(_data.Path));
        Services.AddIdentityCore<AdminUser>(o =>
            {
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = o.Password.RequireUppercase = o.Password.RequireNonAlphanumeric = false;
            })
            .AddEntityFrameworkStores<PortalDbContext>();
        Services.AddOptions<AdminSecurityOptions>();
        Services.AddSingleton<AdminSessionPolicy>();
        Services.AddSingleton<AdminAccounts>();
        Services.AddSingleton<UntrustedProxies>();
        _me = new AdminUser { UserName = "admin", Email = "admin@example.test" };
        AddAuthorization().SetAuthorized("admin").SetClaims(
            new Claim(ClaimTypes.NameIdentifier, _me.Id),
            AdminClaims.At(AdminClaims.Reauthenticated, _clock.GetUtcNow()));
        this.AddSmtpPortalTestServices();

        Services.GetRequiredService<IServiceProvider>().MigrateDatabaseAsync().GetAwaiter().GetResult();
        using var scope = Services.CreateScope();
        var created = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>().CreateAsync(_me, "a long enough password").GetAwaiter().GetResult();
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
    }

    [Fact]
    public async Task WithinTheWindowAnAdminIsAddedAndListed()
    {
        var page = RenderPage();

        await AddSecondAdminAsync(page);

        page.WaitForAssertion(() => Assert.Contains("second@example.test", page.Find("#admins table").TextContent));
    }

    [Fact]
    public async Task WhenTheWindowClosedWhileThePageStoodOpenTheClickLeadsToReauthentication()
    {
        var page = RenderPage();
        _clock.Advance(TimeSpan.FromMinutes(6));

        await AddSecondAdminAsync(page);

        Assert.EndsWith("/reauth?ReturnUrl=%2Fadmins", Services.GetRequiredService<NavigationManager>().Uri);
        Assert.Single(await Services.GetRequiredService<AdminAccounts>().ListAsync(Xunit.TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task OnlyOtherAdminsHaveARemoveButton()
    {
        Assert.True((await Services.GetRequiredService<AdminAccounts>().AddAsync("second", "second@example.test", "second admin's password", SmtpPortal.History.AuditActor.Unknown)).Succeeded);

        var page = RenderPage();

        var remove = Assert.Single(page.FindAll("#admins button"), b => b.TextContent.Contains("Remove"));
        Assert.Equal("Remove second", remove.GetAttribute("aria-label"));
    }

    private IRenderedComponent<AdminsPage> RenderPage()
    {
        Render<MudPopoverProvider>();
        Services.GetRequiredService<NavigationManager>().NavigateTo("admins");
        var page = Render<AdminsPage>();
        page.WaitForAssertion(() => Assert.Contains("admin@example.test", page.Find("#admins table").TextContent));
        return page;
    }

    private static async Task AddSecondAdminAsync(IRenderedComponent<AdminsPage> page)
    {
        page.Find("#new-admin-name").Change("second");
        page.Find("#new-admin-email").Change("second@example.test");
        page.Find("#new-admin-password").Change("second admin's password");
        await page.Find("#add-admin").SubmitAsync();
    }
}
