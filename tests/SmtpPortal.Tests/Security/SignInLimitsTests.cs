using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Security;

public sealed class SignInLimitsTests : IDisposable
{
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task TheLockoutFollowsConfigurationAndHoldsEvenForTheRightPassword()
    {
        await using var portal = new PortalFactory(_data.Path, new Dictionary<string, string?>
        {
            ["SmtpPortal:Security:MaxFailedSignIns"] = "3",
            ["SmtpPortal:Security:LockoutMinutes"] = "7",
        });
        await portal.CreateAdminAsync();
        using var browser = AdminBrowser.Open(portal);

        var identity = portal.Get<IOptions<IdentityOptions>>().Value;
        Assert.Equal(3, identity.Lockout.MaxFailedAccessAttempts);
        Assert.Equal(TimeSpan.FromMinutes(7), identity.Lockout.DefaultLockoutTimeSpan);

        // One answer for every failure, the lockout included: the words must not tell whether the name exists.
        const string answer = "The user name or password is not right. After 3 failed attempts in a row an account is locked for 7 minutes.";
        for (var attempt = 1; attempt <= 3; attempt++)
            Assert.Contains(answer, await AdminBrowser.TextOf(await browser.SignInAsync(password: "wrong password " + attempt)));

        var rightButLocked = await browser.SignInAsync();
        Assert.Equal(HttpStatusCode.OK, rightButLocked.StatusCode);
        Assert.Contains(answer, await AdminBrowser.TextOf(rightButLocked));
        Assert.DoesNotContain(rightButLocked.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("SmtpPortal.Auth=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task OneAddressMayPostOnlySoManySignInsPerMinuteWhicheverAccountItTries()
    {
        await using var portal = new PortalFactory(_data.Path, new Dictionary<string, string?>
        {
            ["SmtpPortal:Security:SignInPostsPerMinute"] = "3",
        });
        await portal.CreateAdminAsync();
        using var browser = AdminBrowser.Open(portal);

        for (var attempt = 1; attempt <= 3; attempt++)
            Assert.Equal(HttpStatusCode.OK, (await browser.SignInAsync(userName: $"guess{attempt}", password: "wrong password")).StatusCode);
        var refused = await browser.SignInAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(60), refused.Headers.RetryAfter?.Delta);
        Assert.Contains("Too many attempts came from your address", await AdminBrowser.TextOf(refused));
        // Reading the page is not limited; only the form posts are.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/signin")).StatusCode);
    }

    [Fact]
    public async Task SetupTokenGuessesAreRateLimitedPerAddress()
    {
        await using var portal = new PortalFactory(_data.Path, new Dictionary<string, string?>
        {
            ["SmtpPortal:Security:SetupPostsPerMinute"] = "2",
        });
        using var browser = AdminBrowser.Open(portal);

        var guess = new Dictionary<string, string>
        {
            ["Input.Token"] = "guessed-token",
            ["Input.UserName"] = "intruder",
            ["Input.Email"] = "intruder@example.test",
            ["Input.Password"] = AdminBrowser.Password,
            ["Input.ConfirmPassword"] = AdminBrowser.Password,
        };
        Assert.Contains("setup token is not right", await AdminBrowser.TextOf(await browser.SubmitAsync("/setup", "setup", guess)));
        Assert.Contains("setup token is not right", await AdminBrowser.TextOf(await browser.SubmitAsync("/setup", "setup", guess)));
        var refused = await browser.SubmitAsync("/setup", "setup", guess);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("Wait a minute", await AdminBrowser.TextOf(refused));
    }

    [Fact]
    public async Task ALimitOfZeroIsRefusedAtStartWithTheKeyNamed()
    {
        await using var portal = new PortalFactory(_data.Path, new Dictionary<string, string?>
        {
            ["SmtpPortal:Security:LockoutMinutes"] = "0",
        });

        var error = Assert.ThrowsAny<OptionsValidationException>(() => portal.Services);
        Assert.Contains("LockoutMinutes", error.Message);
    }
}
