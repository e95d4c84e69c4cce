using System.Net;
using System.Text.RegularExpressions;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Security;

public sealed partial class SecurityHeadersTests : IDisposable
{
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task PagesCarryAStrictContentSecurityPolicyAndAreNeverCached()
    {
        await using var portal = new PortalFactory(_data.Path);
        await portal.CreateAdminAsync();
        using var browser = AdminBrowser.Open(portal);

        var response = await browser.GetAsync("/signin");
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));

        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("object-src 'none'", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        var scriptSrc = Assert.Single(csp.Split(';'), d => d.Trim().StartsWith("script-src", StringComparison.Ordinal));
        Assert.DoesNotContain("unsafe-inline", scriptSrc);
        // The one inline script, Blazor's import map, carries this response's nonce.
        var nonce = Regex.Match(scriptSrc, "'nonce-([^']+)'").Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.Matches($"<script[^>]*type=\"importmap\"[^>]*nonce=\"{Regex.Escape(nonce)}\"|<script[^>]*nonce=\"{Regex.Escape(nonce)}\"[^>]*type=\"importmap\"", html);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.True(response.Headers.CacheControl?.NoStore, "pages must answer Cache-Control: no-store");
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "no HSTS over plain HTTP");

        var second = await browser.GetAsync("/signin");
        Assert.NotEqual(csp, Assert.Single(second.Headers.GetValues("Content-Security-Policy")));
    }

    [Fact]
    public async Task EveryResponseHasTheHeadersEvenRedirectsAndTheHealthProbe()
    {
        await using var portal = new PortalFactory(_data.Path);
        await portal.CreateAdminAsync();
        using var browser = AdminBrowser.Open(portal);

        foreach (var path in new[] { "/health", "/settings", "/no-such-page" })
        {
            var response = await browser.GetAsync(path);
            Assert.Contains("frame-ancestors 'none'", Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
            Assert.True(response.Headers.CacheControl?.NoStore, $"{path} must not be cached");
        }
    }

    [Fact]
    public async Task CookiesAreHttpOnlyAndStrictAndOverHttpsSecureWithHsts()
    {
        await using var portal = new PortalFactory(_data.Path);
        await portal.CreateAdminAsync();

        using (var plain = AdminBrowser.Open(portal))
        {
            var page = await plain.GetAsync("/signin");
            var antiforgery = Assert.Single(page.Headers.GetValues("Set-Cookie"), c => c.StartsWith("SmtpPortal.Antiforgery=", StringComparison.Ordinal));
            AssertHardened(antiforgery, secure: false);
            var signedIn = await plain.SignInAsync();
            AssertHardened(Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("SmtpPortal.Auth=", StringComparison.Ordinal)), secure: false);
        }

        using var https = AdminBrowser.Open(portal, "https://portal.example.test");
        var securePage = await https.GetAsync("/signin");
        Assert.StartsWith("max-age=", Assert.Single(securePage.Headers.GetValues("Strict-Transport-Security")));
        AssertHardened(Assert.Single(securePage.Headers.GetValues("Set-Cookie"), c => c.StartsWith("SmtpPortal.Antiforgery=", StringComparison.Ordinal)), secure: true);
        var secureSignIn = await https.SignInAsync();
        Assert.Equal(HttpStatusCode.Redirect, secureSignIn.StatusCode);
        AssertHardened(Assert.Single(secureSignIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("SmtpPortal.Auth=", StringComparison.Ordinal)), secure: true);
    }

    private static void AssertHardened(string setCookie, bool secure)
    {
        var attributes = setCookie.Split(';').Select(a => a.Trim().ToLowerInvariant()).ToList();
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=strict", attributes);
        Assert.Equal(secure, attributes.Contains("secure"));
    }
}
