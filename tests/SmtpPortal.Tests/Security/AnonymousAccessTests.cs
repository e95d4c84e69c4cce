using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Security;

public sealed class AnonymousAccessTests : IDisposable
{
    // /not-found and /error only ever say that something failed; they show nothing of the portal.
    private static readonly string[] OpenPaths = ["/signin", "/setup", "/health", "/error", "/not-found"];
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

    private static IEnumerable<string> RoutablePaths(PortalFactory portal) =>
        portal.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Components.RouteAttribute>() is not null
                || e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("GET") == true)
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Where(p => !p.Contains('{') && !p.StartsWith("/_") && !p.Contains('.'))
            .Distinct();
}
