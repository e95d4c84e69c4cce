using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Security;

public sealed class AnonymousAccessTests : IDisposable
{
    // /not-found and /error only ever say that something failed; they show nothing of the portal.
    // The 2FA step is open to whoever holds the short-lived cookie of a passed password step
    // (TwoFactorSignInTests shows that anyone else is sent back to sign-in).
    // /oauth/callback only completes a sign-in an admin started (unknown state: 400, nothing shown);
    // it must be open because the admin's SameSite=Strict cookie does not come back from the provider.
    private static readonly string[] OpenPaths =
        ["/signin", "/signin/two-factor", "/setup", "/health", "/error", "/not-found", "/oauth/callback"];
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task EveryRoutablePageExceptSignInAndSetupSendsAnAnonymousVisitorToSignIn()
    {
        await using var portal = new PortalFactory(_data.Path);
        await portal.CreateAdminAsync();
        using var client = portal.CreateNonRedirectingClient();

        // /api endpoints answer 401 JSON instead of redirecting: see Api/ApiAuthenticationTests.
        var pages = RoutablePaths(portal).Except(OpenPaths)
            .Where(p => !p.StartsWith("/api/", StringComparison.Ordinal)).ToList();
        Assert.Contains("/", pages);
        Assert.Contains("/settings", pages);

        foreach (var path in pages)
        {
            var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{path} answered {response.StatusCode}");
            Assert.StartsWith("/signin", response.Headers.Location!.AbsolutePath);
        }
    }

    [Fact]
    public async Task EveryEndpointWhateverItsMethodSendsAnAnonymousVisitorToSignIn()
    {
        await using var portal = new PortalFactory(_data.Path);
        await portal.CreateAdminAsync();
        using var client = portal.CreateNonRedirectingClient();

        var endpoints = RoutableEndpoints(portal).Where(e => !OpenPaths.Contains(e.Path)).ToList();
        Assert.Contains(("POST", "/signout"), endpoints);
        Assert.Contains(("POST", "/signout-everywhere"), endpoints);
        Assert.Contains(("GET", "/admins"), endpoints);

        foreach (var (method, path) in endpoints)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method != "GET")
                request.Content = new FormUrlEncodedContent(new Dictionary<string, string>());
            var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            if (path.StartsWith("/api/", StringComparison.Ordinal) || path.StartsWith("/openapi/", StringComparison.Ordinal))
            {
                // The API is for scripts: it answers 401 and asks for a token, never redirects.
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} answered {response.StatusCode}");
                continue;
            }
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{method} {path} answered {response.StatusCode}");
            Assert.StartsWith("/signin", response.Headers.Location!.AbsolutePath);
        }
    }

    [Fact]
    public async Task TheBlazorHubAndSignOutNeedASignedInAdmin()
    {
        await using var portal = new PortalFactory(_data.Path);
        await portal.CreateAdminAsync();
        using var client = portal.CreateNonRedirectingClient();

        var negotiate = await client.PostAsync("/_blazor/negotiate?negotiateVersion=1", null, TestContext.Current.CancellationToken);
        Assert.NotEqual(HttpStatusCode.OK, negotiate.StatusCode);
    }

    [Fact]
    public async Task SignInHealthAndStaticAssetsAreOpen()
    {
        await using var portal = new PortalFactory(_data.Path);
        await portal.CreateAdminAsync();
        using var client = portal.CreateNonRedirectingClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/signin", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal("ok", await client.GetStringAsync("/health", TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/_framework/blazor.web.js", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task WithoutAnAdminSignInLeadsToFirstRunSetup()
    {
        await using var portal = new PortalFactory(_data.Path);
        using var client = portal.CreateNonRedirectingClient();

        var signIn = await client.GetAsync("/signin", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/setup", new Uri(new Uri("http://localhost"), signIn.Headers.Location!).AbsolutePath);
    }

    /// <summary>Every endpoint of the app with a fixed path, by method: pages (GET and their form
    /// POST) and minimal-API endpoints alike.</summary>
    private static IEnumerable<(string Method, string Path)> RoutableEndpoints(PortalFactory portal) =>
        portal.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => (Method: method, Path: "/" + e.RoutePattern.RawText!.TrimStart('/'))))
            .Where(e => !e.Path.Contains('{') && !e.Path.StartsWith("/_") && !e.Path.Contains('.'))
            .Distinct();

    private static IEnumerable<string> RoutablePaths(PortalFactory portal) =>
        portal.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Components.RouteAttribute>() is not null
                || e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("GET") == true)
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Where(p => !p.Contains('{') && !p.StartsWith("/_") && !p.Contains('.'))
            .Distinct();
}
