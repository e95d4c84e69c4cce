using System.Net;
using System.Net.Http.Headers;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Security;

/// <summary>Signing out ends the session on the server, and only a form of the portal itself
/// (with its antiforgery token) can sign an admin out.</summary>
public sealed class SignOutTests : IDisposable
{
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    private static string AuthCookie(HttpResponseMessage signIn) =>
        signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("SmtpPortal.Auth=", StringComparison.Ordinal)).Split(';')[0];

    [Fact]
    public async Task ACookieCopiedBeforeSignOutNoLongerOpensAnyPage()
    {
        await using var portal = new PortalFactory(_data.Path);
        await portal.CreateAdminAsync();
        using var browser = AdminBrowser.Open(portal);
        var copied = AuthCookie(await browser.SignInAsync());

        var dashboard = await browser.GetHtmlAsync("/");
        var signedOut = await browser.PostAsync("/signout", null, new Dictionary<string, string>(), dashboard);
        Assert.Equal("/signin", AdminBrowser.RedirectTarget(signedOut));

        using var thief = portal.CreateNonRedirectingClient();
        using var replay = new HttpRequestMessage(HttpMethod.Get, "/history");
        replay.Headers.Add("Cookie", copied);
        var response = await thief.SendAsync(replay, TestContext.Current.CancellationToken);
        Assert.StartsWith("/signin", AdminBrowser.RedirectTarget(response));

        // Signing in again starts a new session that works.
        await browser.SignInAsync();
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/history")).StatusCode);
    }

    [Theory]
    [InlineData("/signout")]
    [InlineData("/signout-everywhere")]
    public async Task SignOutWithoutTheAntiforgeryTokenIsRefusedAndTheSessionGoesOn(string path)
    {
        await using var portal = new PortalFactory(_data.Path);
        await portal.CreateAdminAsync();
        using var browser = AdminBrowser.Open(portal);
        await browser.SignInAsync();

        // What a same-site neighbour's page could post: the cookies ride along, the token cannot.
        var forged = await browser.Client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>()),
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/history")).StatusCode);
    }
}
