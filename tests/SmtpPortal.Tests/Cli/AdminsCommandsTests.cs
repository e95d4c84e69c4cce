using System.Net;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SmtpPortal.Cli;
using SmtpPortal.History;
using SmtpPortal.Security;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Cli;

/// <summary>The way back in for an admin who lost the password and the recovery codes: the
/// command line against the data directory of a running portal, then the portal's own pages.</summary>
public sealed class AdminsCommandsTests : IDisposable
{
    private const string NewPassword = "my own new password";
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Run(int ExitCode, string Out, string Error);

    private async Task<Run> RunAsync(byte[] stdin, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await PortalCommandLine.RunAsync(args, new CliConsole(output, error, new MemoryStream(stdin)),
            new Dictionary<string, string?> { ["SmtpPortal:DataDirectory"] = _data.Path }, Ct);
        return new Run(exit, output.ToString(), error.ToString());
    }

    private Task<Run> RunAsync(params string[] args) => RunAsync([], args);

    private static Task<HttpResponseMessage> ChooseAsync(AdminBrowser browser, string password) =>
        browser.SubmitAsync("/account/password?ReturnUrl=%2Fhistory", "required-password", new Dictionary<string, string>
        {
            ["Input.NewPassword"] = password,
            ["Input.Confirm"] = password,
        });

    [Fact]
    public async Task AResetPasswordEndsTheSessionsWorksOnceAndMustBeReplacedBeforeAnyPageOpens()
    {
        await using var portal = new PortalFactory(_data.Path);
        await portal.CreateAdminAsync();
        using var laptop = AdminBrowser.Open(portal);
        await laptop.SignInAsync();

        var reset = await RunAsync("admins", "reset-password", "admin");

        Assert.True(reset.ExitCode == ExitCodes.Ok, reset.Error);
        var oneTime = reset.Out.Trim();
        Assert.Matches("^[a-z2-9]{5}(-[a-z2-9]{5}){3}$", oneTime);
        Assert.Contains("not shown again", reset.Error);
        Assert.StartsWith("/signin", AdminBrowser.RedirectTarget(await laptop.GetAsync("/")));
        Assert.Equal(HttpStatusCode.OK, (await laptop.SignInAsync()).StatusCode); // the old password is gone

        using var browser = AdminBrowser.Open(portal);
        Assert.Equal("/", AdminBrowser.RedirectTarget(await browser.SignInAsync(password: oneTime)));
        Assert.Equal("/account/password?ReturnUrl=%2Fhistory", AdminBrowser.RedirectTarget(await browser.GetAsync("/history")));
        Assert.Equal("/account/password?ReturnUrl=%2F", AdminBrowser.RedirectTarget(await browser.GetAsync("/")));
        Assert.Contains("You signed in with a one-time password", await browser.GetHtmlAsync("/account/password"));

        var same = await ChooseAsync(browser, oneTime);
        Assert.Contains("Choose a new password, not the one-time password.", await AdminBrowser.TextOf(same));
        Assert.Equal("/history", AdminBrowser.RedirectTarget(await ChooseAsync(browser, NewPassword)));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/history")).StatusCode);

        using var later = AdminBrowser.Open(portal);
        Assert.Equal(HttpStatusCode.OK, (await later.SignInAsync(password: oneTime)).StatusCode);
        Assert.Equal("/", AdminBrowser.RedirectTarget(await later.SignInAsync(password: NewPassword)));
        Assert.Equal(HttpStatusCode.OK, (await later.GetAsync("/")).StatusCode);

        var history = await portal.Get<AuditLog>().FindAsync(new AuditFilter(), Ct);
        var resetEntry = Assert.Single(history, e => e.Action == AuditAction.AdminPasswordReset);
        Assert.Equal("cli:" + Environment.UserName, resetEntry.Actor);
        Assert.DoesNotContain(oneTime, string.Join("\n", history.Select(e => e.Details)));
        Assert.Contains(history, e => e.Action == AuditAction.AdminPasswordChanged && e.Details == "admin replaced the one-time password.");
    }

    [Fact]
    public async Task AResetLiftsALockoutAndTakesThePasswordFromStandardInputExactly()
    {
        await using var portal = new PortalFactory(_data.Path, new Dictionary<string, string?> { ["SmtpPortal:Security:MaxFailedSignIns"] = "1" });
        await portal.CreateAdminAsync();
        using var browser = AdminBrowser.Open(portal);
        await browser.SignInAsync(password: "a wrong password");

        var reset = await RunAsync(Encoding.UTF8.GetBytes("  spaces count here  \n"), "admins", "reset-password", "admin", "--password-stdin");

        Assert.True(reset.ExitCode == ExitCodes.Ok, reset.Error);
        Assert.DoesNotContain("spaces count", reset.Out + reset.Error);
        Assert.Equal("/", AdminBrowser.RedirectTarget(await browser.SignInAsync(password: "  spaces count here  ")));
        using var scope = portal.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
        Assert.False(await users.CheckPasswordAsync((await users.FindByNameAsync("admin"))!, "spaces count here"));
    }

    [Fact]
    public async Task InvalidUtf8OnStandardInputIsRefusedAndNothingChanges()
    {
        await using var portal = new PortalFactory(_data.Path);
        await portal.CreateAdminAsync();

        var reset = await RunAsync([.. Encoding.UTF8.GetBytes("half a password "), 0xC3, 0x28], "admins", "reset-password", "admin", "--password-stdin");

        Assert.Equal(ExitCodes.Invalid, reset.ExitCode);
        Assert.Contains("not valid UTF-8", reset.Error);
        using var browser = AdminBrowser.Open(portal);
        Assert.Equal("/", AdminBrowser.RedirectTarget(await browser.SignInAsync()));
        Assert.Empty(await portal.Get<AuditLog>().FindAsync(new AuditFilter(AuditAction.AdminPasswordReset), Ct));
    }

    [Fact]
    public async Task ResetTwoFactorLetsTheAdminInWithThePasswordAlone()
    {
        await using var portal = new PortalFactory(_data.Path);
        var admin = await portal.CreateAdminAsync();
        using (var scope = portal.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
            var stored = (await users.FindByIdAsync(admin.Id))!;
            await users.ResetAuthenticatorKeyAsync(stored);
            await users.SetTwoFactorEnabledAsync(stored, true);
        }
        using var browser = AdminBrowser.Open(portal);
        Assert.StartsWith("/signin/two-factor", AdminBrowser.RedirectTarget(await browser.SignInAsync()));

        var list = await RunAsync("admins", "list");
        Assert.Matches("admin +admin@example.test +2fa on", list.Out);
        var reset = await RunAsync("admins", "reset-2fa", "admin");

        Assert.True(reset.ExitCode == ExitCodes.Ok, reset.Error);
        Assert.Equal("/", AdminBrowser.RedirectTarget(await browser.SignInAsync()));
        Assert.Matches("admin +admin@example.test +2fa off", (await RunAsync("admins", "list")).Out);
        var entry = Assert.Single(await portal.Get<AuditLog>().FindAsync(new AuditFilter(AuditAction.AdminTwoFactorReset), Ct));
        Assert.Equal("Two-factor reset", entry.Action.Describe());
    }

    [Fact]
    public async Task AnUnknownNameIsRefusedWithTheWayToFindTheNames()
    {
        await using var portal = new PortalFactory(_data.Path);
        await portal.CreateAdminAsync();

        var reset = await RunAsync("admins", "reset-password", "ghost");
        var twoFactor = await RunAsync("admins", "reset-2fa", "ghost");

        Assert.Equal((ExitCodes.Invalid, ExitCodes.Invalid), (reset.ExitCode, twoFactor.ExitCode));
        Assert.Contains("No admin is called 'ghost'. Run `admins list` to see the names.", reset.Error);
        Assert.Contains("Nothing was changed.", twoFactor.Error);
        Assert.Equal(ExitCodes.Usage, (await RunAsync("admins", "reset-password")).ExitCode);
    }
}
