using System.Net;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Security;

/// <summary>The server-rendered account forms never send a typed password back: not in the page
/// that answers a failure, not in the body of the redirect that answers a success (the hop from
/// a reverse proxy to the portal is often plain HTTP).</summary>
public sealed class PasswordEchoTests : IDisposable
{
    private const string Typed = "Typed-Secret-9f3c2e";
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    private static async Task AssertNotEchoedAsync(HttpResponseMessage response, string password)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain(password, body);
        Assert.DoesNotContain(WebUtility.HtmlEncode(password), body);
    }

    [Fact]
    public async Task SignInNeverRendersThePasswordOnFailureOrOnSuccess()
    {
        await using var portal = new PortalFactory(_data.Path);
        await portal.CreateAdminAsync(password: Typed);
        using var browser = AdminBrowser.Open(portal);

        var wrong = await browser.SignInAsync(password: Typed + "-wrong");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        await AssertNotEchoedAsync(wrong, Typed + "-wrong");

        // A form that fails validation (no user name) is rendered again too.
        var incomplete = await browser.SignInAsync(userName: "", password: Typed);
        Assert.Equal(HttpStatusCode.OK, incomplete.StatusCode);
        await AssertNotEchoedAsync(incomplete, Typed);

        var right = await browser.SignInAsync(password: Typed);
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        await AssertNotEchoedAsync(right, Typed);
    }

    [Fact]
    public async Task ReauthenticationNeverRendersThePasswordOnFailureOrOnSuccess()
    {
        await using var portal = new PortalFactory(_data.Path);
        await portal.CreateAdminAsync(password: Typed);
        using var browser = AdminBrowser.Open(portal);
        await browser.SignInAsync(password: Typed);

        var wrong = await browser.SubmitAsync("/reauth?ReturnUrl=%2Fadmins", "reauth",
            new Dictionary<string, string> { ["Input.Secret"] = Typed + "-wrong" });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        await AssertNotEchoedAsync(wrong, Typed + "-wrong");

        var right = await browser.SubmitAsync("/reauth?ReturnUrl=%2Fadmins", "reauth",
            new Dictionary<string, string> { ["Input.Secret"] = Typed });
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        await AssertNotEchoedAsync(right, Typed);
    }

    [Fact]
    public async Task FirstRunSetupNeverRendersThePasswordsOnFailureOrOnSuccess()
    {
        await using var portal = new PortalFactory(_data.Path);
        using var browser = AdminBrowser.Open(portal);
        _ = portal.Services;
        var token = File.ReadAllText(Path.Combine(_data.Path, "setup-token.txt")).Trim();
        static Dictionary<string, string> Form(string setupToken, string confirm) => new()
        {
            ["Input.Token"] = setupToken,
            ["Input.UserName"] = "admin",
            ["Input.Email"] = "admin@example.test",
            ["Input.Password"] = Typed,
            ["Input.ConfirmPassword"] = confirm,
        };

        var wrongToken = await browser.SubmitAsync("/setup", "setup", Form("not-the-token", Typed));
        Assert.Equal(HttpStatusCode.OK, wrongToken.StatusCode);
        await AssertNotEchoedAsync(wrongToken, Typed);

        var mismatch = await browser.SubmitAsync("/setup", "setup", Form(token, Typed + "-other"));
        Assert.Equal(HttpStatusCode.OK, mismatch.StatusCode);
        await AssertNotEchoedAsync(mismatch, Typed);

        var created = await browser.SubmitAsync("/setup", "setup", Form(token, Typed));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        await AssertNotEchoedAsync(created, Typed);
    }
}
