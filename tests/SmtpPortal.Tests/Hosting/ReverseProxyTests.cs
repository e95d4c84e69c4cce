using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Hosting;

public sealed class ReverseProxyTests : IDisposable
{
    private const string TrustedProxy = "10.0.0.1";
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task UnderAPathBaseTheBaseHrefRedirectsAndSignInAllStayBelowIt()
    {
        await using var portal = new PortalFactory(_data.Path, new Dictionary<string, string?>
        {
            ["SmtpPortal:ReverseProxy:PathBase"] = "/smtp",
        });
        await portal.CreateAdminAsync();
        using var browser = AdminBrowser.Open(portal);

        Assert.Contains("<base href=\"/smtp/\"", await browser.GetHtmlAsync("/smtp/signin"));
        var challenge = await browser.GetAsync("/smtp/settings");
        Assert.Equal("/smtp/signin?ReturnUrl=%2Fsmtp%2Fsettings", AdminBrowser.RedirectTarget(challenge));

        var signedIn = await browser.SignInAsync(path: "/smtp/signin?ReturnUrl=%2Fsmtp%2Fsettings");
        Assert.Equal("/smtp/settings", AdminBrowser.RedirectTarget(signedIn));
        Assert.Contains("<base href=\"/smtp/\"", await browser.GetHtmlAsync("/smtp/settings"));

        var signedOut = await browser.PostAsync("/smtp/signout", null, new Dictionary<string, string>(), await browser.GetHtmlAsync("/smtp/"));
        Assert.Equal("/smtp/signin", AdminBrowser.RedirectTarget(signedOut));
    }

    [Fact]
    public async Task TheRateLimitCountsTheClientBehindATrustedProxyButIgnoresForgedHeadersFromOthers()
    {
        await using var portal = Portal(new Dictionary<string, string?>
        {
            ["SmtpPortal:ReverseProxy:KnownProxies:0"] = TrustedProxy,
            ["SmtpPortal:Security:SignInPostsPerMinute"] = "1",
        });
        await portal.CreateAdminAsync();

        // Two clients behind the trusted proxy each get their own allowance.
        Assert.Equal(HttpStatusCode.OK, await FailedSignInStatusAsync(portal, peer: TrustedProxy, forwardedFor: "203.0.113.1"));
        Assert.Equal(HttpStatusCode.OK, await FailedSignInStatusAsync(portal, peer: TrustedProxy, forwardedFor: "203.0.113.2"));

        // A stranger inventing X-Forwarded-For values is still one address.
        Assert.Equal(HttpStatusCode.OK, await FailedSignInStatusAsync(portal, peer: "10.9.9.9", forwardedFor: "203.0.113.3"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await FailedSignInStatusAsync(portal, peer: "10.9.9.9", forwardedFor: "203.0.113.4"));
    }

    [Fact]
    public async Task CookiesAreSecureWhenATrustedProxyReportsHttpsAndOnlyThen()
    {
        await using var portal = Portal(new Dictionary<string, string?>
        {
            ["SmtpPortal:ReverseProxy:KnownNetworks:0"] = "10.0.0.0/24",
        });
        await portal.CreateAdminAsync();

        Assert.Contains("secure", await AntiforgeryCookieAsync(portal, peer: "10.0.0.7"));
        Assert.DoesNotContain("secure", await AntiforgeryCookieAsync(portal, peer: "10.9.9.9"));
    }

    [Fact]
    public async Task XForwardedForFromAnUnconfiguredProxyIsWarnedAboutInTheLogAndOnTheAdminsPage()
    {
        var logs = new CapturedLogs();
        await using var portal = new PortalFactory(_data.Path)
        {
            TestServices = s => s.AddSingleton<IStartupFilter, PeerAddressFromHeader>().AddSingleton<ILoggerProvider>(logs),
        };
        await portal.CreateAdminAsync();

        await FailedSignInStatusAsync(portal, peer: "172.18.0.2", forwardedFor: "203.0.113.1");
        await FailedSignInStatusAsync(portal, peer: "172.18.0.2", forwardedFor: "203.0.113.2");

        var warning = Assert.Single(logs.Lines, l => l.Contains("X-Forwarded-For", StringComparison.Ordinal));
        Assert.Contains("Requests from 172.18.0.2 carry X-Forwarded-For, but 172.18.0.2 is not a configured reverse proxy", warning);
        Assert.Contains("SmtpPortal__ReverseProxy__KnownProxies__0=172.18.0.2", warning);

        using var admin = AdminBrowser.Open(portal);
        await admin.SignInAsync();
        var page = await AdminBrowser.TextOf(await admin.GetAsync("/admins"));
        Assert.Contains("Requests from 172.18.0.2 carry an X-Forwarded-For header", page);
        Assert.Contains("SmtpPortal__ReverseProxy__KnownProxies__0=172.18.0.2", page);

        using var _ = new UiCultureScope("zh-CN");
        admin.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        Assert.Contains("来自 172.18.0.2 的请求带有 X-Forwarded-For 头", await AdminBrowser.TextOf(await admin.GetAsync("/admins")));
    }

    [Fact]
    public async Task AConfiguredProxyIsNotWarnedAbout()
    {
        var logs = new CapturedLogs();
        await using var portal = new PortalFactory(_data.Path, new Dictionary<string, string?>
        {
            ["SmtpPortal:ReverseProxy:KnownProxies:0"] = TrustedProxy,
        })
        {
            TestServices = s => s.AddSingleton<IStartupFilter, PeerAddressFromHeader>().AddSingleton<ILoggerProvider>(logs),
        };
        await portal.CreateAdminAsync();

        await FailedSignInStatusAsync(portal, peer: TrustedProxy, forwardedFor: "203.0.113.1");

        Assert.DoesNotContain(logs.Lines, l => l.Contains("X-Forwarded-For", StringComparison.Ordinal));
        Assert.Empty(portal.Get<SmtpPortal.Hosting.UntrustedProxies>().Seen);
    }

    [Theory]
    [InlineData("SmtpPortal:ReverseProxy:KnownProxies:0", "proxy.local", "KnownProxies")]
    [InlineData("SmtpPortal:ReverseProxy:KnownNetworks:0", "10.0.0.0/99", "KnownNetworks")]
    [InlineData("SmtpPortal:ReverseProxy:PathBase", "smtp/", "PathBase")]
    public async Task BadProxySettingsStopTheStartWithTheKeyNamed(string key, string value, string named)
    {
        await using var portal = new PortalFactory(_data.Path, new Dictionary<string, string?> { [key] = value });

        var error = Assert.ThrowsAny<OptionsValidationException>(() => portal.Services);
        Assert.Contains(named, error.Message);
    }

    /// <summary>The portal with a test-only first middleware that plays the TCP peer address
    /// (TestServer has none), taken from an X-Test-Peer header.</summary>
    private PortalFactory Portal(Dictionary<string, string?> settings) =>
        new(_data.Path, settings) { TestServices = s => s.AddSingleton<IStartupFilter, PeerAddressFromHeader>() };

    private static async Task<HttpStatusCode> FailedSignInStatusAsync(PortalFactory portal, string peer, string forwardedFor)
    {
        using var browser = AdminBrowser.Open(portal);
        browser.Client.DefaultRequestHeaders.Add("X-Test-Peer", peer);
        browser.Client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        return (await browser.SignInAsync(password: "wrong password")).StatusCode;
    }

    private static async Task<string> AntiforgeryCookieAsync(PortalFactory portal, string peer)
    {
        using var browser = AdminBrowser.Open(portal);
        browser.Client.DefaultRequestHeaders.Add("X-Test-Peer", peer);
        browser.Client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        var page = await browser.GetAsync("/signin");
        var cookie = Assert.Single(page.Headers.GetValues("Set-Cookie"), c => c.StartsWith("SmtpPortal.Antiforgery=", StringComparison.Ordinal));
        return string.Join(';', cookie.Split(';').Skip(1)).ToLowerInvariant();
    }

    private sealed class PeerAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext http, RequestDelegate rest) =>
            {
                if (IPAddress.TryParse(http.Request.Headers["X-Test-Peer"], out var peer))
                    http.Connection.RemoteIpAddress = peer;
                return rest(http);
            });
            next(app);
        };
    }
}
