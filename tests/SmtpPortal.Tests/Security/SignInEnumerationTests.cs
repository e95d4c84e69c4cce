using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SmtpPortal.Security;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Security;

/// <summary>Whether a name belongs to an admin must not show: not in the time a sign-in takes
/// (the same password hashing work on every path), not in the words of the answer.</summary>
public sealed class SignInEnumerationTests : IDisposable
{
    private readonly TempFolder _data = new();
    private readonly CountingHasher _hasher = new();

    public void Dispose() => _data.Dispose();

    private PortalFactory Portal() => new(_data.Path, new Dictionary<string, string?>
    {
        ["SmtpPortal:Security:MaxFailedSignIns"] = "2",
        ["SmtpPortal:Security:SignInPostsPerMinute"] = "100",
    })
    {
        TestServices = services => services.AddSingleton<IPasswordHasher<AdminUser>>(_hasher),
    };

    private async Task<int> VerificationsDuringAsync(Func<Task> signIn)
    {
        var before = _hasher.Verifications;
        await signIn();
        return _hasher.Verifications - before;
    }

    [Fact]
    public async Task AnUnknownNameALockedAccountAndAWrongPasswordCostTheSameHashingWork()
    {
        await using var portal = Portal();
        await portal.CreateAdminAsync();
        using var browser = AdminBrowser.Open(portal);

        Assert.Equal(1, await VerificationsDuringAsync(() => browser.SignInAsync(password: "wrong password one")));
        Assert.Equal(1, await VerificationsDuringAsync(() => browser.SignInAsync(userName: "nobody", password: "wrong password")));
        Assert.Equal(1, await VerificationsDuringAsync(() => browser.SignInAsync(password: "wrong password two"))); // locks
        Assert.Equal(1, await VerificationsDuringAsync(() => browser.SignInAsync())); // locked, right password
    }

    [Fact]
    public async Task ALockedAccountAndAnUnknownNameGetTheSameAnswer()
    {
        await using var portal = Portal();
        await portal.CreateAdminAsync();
        using var browser = AdminBrowser.Open(portal);
        await browser.SignInAsync(password: "wrong password one");
        await browser.SignInAsync(password: "wrong password two");

        var locked = await browser.SignInAsync();
        var unknown = await browser.SignInAsync(userName: "nobody");
        var wrong = await browser.SignInAsync(userName: "nobody", password: "another guess");

        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        var lockedAlert = AlertOf(await AdminBrowser.TextOf(locked));
        Assert.Equal(lockedAlert, AlertOf(await AdminBrowser.TextOf(unknown)));
        Assert.Equal(lockedAlert, AlertOf(await AdminBrowser.TextOf(wrong)));
        Assert.Equal("The user name or password is not right. After 2 failed attempts in a row an account is locked for 15 minutes.", lockedAlert);

        using var _ = new UiCultureScope("zh-CN");
        var chinese = await AdminBrowser.TextOf(await browser.Client.SendAsync(ChineseSignIn(await browser.GetHtmlAsync("/signin")),
            TestContext.Current.CancellationToken));
        Assert.Contains("用户名或密码不正确。连续失败 2 次后，账户将被锁定 15 分钟。", chinese);
    }

    private static HttpRequestMessage ChineseSignIn(string page)
    {
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var request = new HttpRequestMessage(HttpMethod.Post, "/signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "signin",
                ["Input.UserName"] = "nobody",
                ["Input.Password"] = "a guess",
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            }),
        };
        request.Headers.AcceptLanguage.ParseAdd("zh-CN");
        return request;
    }

    private static string AlertOf(string html)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html, "role=\"alert\">([^<]*)<");
        Assert.True(match.Success, "the page shows no alert");
        return match.Groups[1].Value;
    }

    private sealed class CountingHasher : IPasswordHasher<AdminUser>
    {
        private readonly PasswordHasher<AdminUser> _real = new();
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        public string HashPassword(AdminUser user, string password) => _real.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(AdminUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return _real.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
