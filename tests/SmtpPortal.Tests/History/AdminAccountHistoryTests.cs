using System.Net;
using SmtpPortal.History;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.History;

/// <summary>Sign-ins, failed sign-ins, lockouts and the first admin are History entries with the
/// client's address (the portal runs on Kestrel here, so requests have a real one).</summary>
public sealed class AdminAccountHistoryTests : IDisposable
{
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignInsFailuresAndALockoutAreRecordedWithTheAddress()
    {
        await using var portal = new PortalFactory(_data.Path, new Dictionary<string, string?>
        {
            ["SmtpPortal:Security:MaxFailedSignIns"] = "2",
        });
        var address = portal.ListenOnLoopback();
        await portal.CreateAdminAsync();
        await portal.CreateAdminAsync("second", "second@example.test");
        using var browser = AdminBrowser.Over(address);

        await browser.SignInAsync(userName: "typed-secret-maybe", password: "a guess");
        await browser.SignInAsync(password: "wrong password one");
        await browser.SignInAsync(password: "wrong password two");
        await browser.SignInAsync(); // locked: refused although right
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync("second")).StatusCode);

        var entries = (await portal.Get<AuditLog>().FindAsync(new AuditFilter(), Ct)).Reverse().ToList();
        Assert.Equal(
            [
                (AuditAction.AdminSignInFailed, "(unknown)", "No admin has that user name or email."),
                (AuditAction.AdminSignInFailed, "admin", "Wrong password."),
                (AuditAction.AdminLockedOut, "admin", entries[2].Details),
                (AuditAction.AdminSignInFailed, "admin", "Refused: the account is locked."),
                (AuditAction.AdminSignedIn, "second", "Signed in with password."),
            ],
            entries.Select(e => (e.Action, e.Actor, e.Details)));
        Assert.Matches("^Wrong password: locked until .* UTC after 2 failed attempts\\.$", entries[2].Details);
        Assert.All(entries, e => Assert.Equal("127.0.0.1", e.RemoteAddress));
        Assert.DoesNotContain(entries, e => e.Details.Contains("typed-secret-maybe", StringComparison.Ordinal) || e.Actor.Contains("typed", StringComparison.Ordinal));
        Assert.Equal(["Admin sign-in failed", "Admin locked out", "Admin signed in"],
            entries.Select(e => e.Action.Describe()).Distinct());
    }

    [Fact]
    public async Task TheFirstAdminCreatedBySetupIsRecorded()
    {
        await using var portal = new PortalFactory(_data.Path);
        var address = portal.ListenOnLoopback();
        using var browser = AdminBrowser.Over(address);
        var token = File.ReadAllText(Path.Combine(_data.Path, "setup-token.txt")).Trim();

        var created = await browser.SubmitAsync("/setup", "setup", new Dictionary<string, string>
        {
            ["Input.Token"] = token,
            ["Input.UserName"] = "first",
            ["Input.Email"] = "first@example.test",
            ["Input.Password"] = AdminBrowser.Password,
            ["Input.ConfirmPassword"] = AdminBrowser.Password,
        });

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var entry = Assert.Single(await portal.Get<AuditLog>().FindAsync(new AuditFilter(AuditAction.AdminAdded), Ct));
        Assert.Equal(("first", "127.0.0.1"), (entry.Actor, entry.RemoteAddress));
        Assert.Equal("First admin first <first@example.test> created with the setup token.", entry.Details);
    }
}
