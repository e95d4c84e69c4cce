using System.Net.Http.Headers;
using SmtpPortal.Localization;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Hosting;

/// <summary>The real portal picks its language per request: the cookie first, then the browser.</summary>
public sealed class UiLanguageTests : IDisposable
{
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    private async Task<string> SignInPageAsync(string? acceptLanguage, string? cookieCulture = null)
    {
        await using var portal = new PortalFactory(_data.Path);
        await portal.CreateAdminAsync();
        using var client = portal.CreateNonRedirectingClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/signin");
        if (acceptLanguage is not null)
            request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);
        if (cookieCulture is not null)
            request.Headers.Add("Cookie", $"{UiLanguage.CookieName}={Uri.EscapeDataString(UiLanguage.CookieValue(cookieCulture))}");
        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData(null, "en")]
    [InlineData("zh-CN,zh;q=0.9,en;q=0.8", "zh-CN")]
    [InlineData("zh", "zh-CN")]
    [InlineData("zh-Hans,zh;q=0.9", "zh-CN")]
    [InlineData("fr-FR,zh-TW;q=0.8,en;q=0.5", "zh-CN")]
    [InlineData("de-DE,de;q=0.9", "en")]
    [InlineData("en-US,en;q=0.9", "en")]
    public async Task ThePortalFollowsTheBrowsersLanguage(string? acceptLanguage, string expectedLang)
    {
        var html = await SignInPageAsync(acceptLanguage);

        Assert.Contains($"<html lang=\"{expectedLang}\"", html);
    }

    [Fact]
    public async Task TheRememberedChoiceWinsOverTheBrowser()
    {
        var html = await SignInPageAsync("en-US,en;q=0.9", cookieCulture: UiLanguage.Chinese);

        Assert.Contains("<html lang=\"zh-CN\"", html);
    }

    /// <summary>The static account forms answer in the browser's language, their validation
    /// messages and Identity's own errors included.</summary>
    [Fact]
    public async Task AChineseBrowserIsToldWhatIsWrongWithTheSignInFormInChinese()
    {
        await using var portal = new PortalFactory(_data.Path);
        await portal.CreateAdminAsync();
        using var browser = AdminBrowser.Open(portal);
        browser.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN,zh;q=0.9");

        var empty = await AdminBrowser.TextOf(await browser.SignInAsync(userName: "", password: ""));
        var wrong = await AdminBrowser.TextOf(await browser.SignInAsync(password: "not the password"));

        Assert.Contains("<html lang=\"zh-CN\"", empty);
        Assert.Contains("请输入用户名或邮箱。", empty);
        Assert.Contains("请输入密码。", empty);
        Assert.Contains("用户名或密码不正确。", wrong);
        Assert.DoesNotContain("Enter your", empty + wrong);
    }

    [Fact]
    public async Task AdminAccountErrorsFromIdentityAreInTheAdminsLanguage()
    {
        await using var portal = new PortalFactory(_data.Path);
        await portal.CreateAdminAsync();
        using var chinese = new UiCultureScope("zh-CN");

        var taken = await portal.Get<SmtpPortal.Security.AdminAccounts>().AddAsync("admin", "other@example.test", "a long enough password", new SmtpPortal.History.AuditActor("admin", null));
        var tooShort = await portal.Get<SmtpPortal.Security.AdminAccounts>().AddAsync("bob", "bob@example.test", "short", new SmtpPortal.History.AuditActor("admin", null));

        Assert.Equal("用户名 admin 已被占用。", Assert.Single(taken.Errors).Description);
        Assert.Contains(tooShort.Errors, e => e.Description == "密码至少需要 12 个字符。");
    }
}
