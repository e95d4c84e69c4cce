using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using SmtpPortal.Api;
using SmtpPortal.History;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Api;

/// <summary>Who may use /api: a live token with the right scope, and nobody else.</summary>
public sealed class ApiAuthenticationTests : IDisposable
{
    private static readonly (HttpMethod Method, string Path)[] Endpoints =
    [
        (HttpMethod.Get, "/api/settings"),
        (HttpMethod.Put, "/api/settings"),
        (HttpMethod.Post, "/api/settings/test"),
        (HttpMethod.Post, "/api/settings/check"),
        (HttpMethod.Post, "/api/settings/trust-certificate"),
        (HttpMethod.Post, "/api/probe"),
        (HttpMethod.Get, "/api/presets"),
        (HttpMethod.Get, "/api/export/env"),
        (HttpMethod.Get, "/api/alerts/channels"),
        (HttpMethod.Post, "/api/alerts/channels"),
        (HttpMethod.Delete, "/api/alerts/channels/1"),
        (HttpMethod.Post, "/api/alerts/channels/1/test"),
        (HttpMethod.Get, "/openapi/v1.json"),
        (HttpMethod.Get, "/api/no-such-endpoint"),
    ];

    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    private static HttpRequestMessage Request(HttpMethod method, string path) => new(method, path)
    {
        Content = method == HttpMethod.Get ? null : new StringContent("{}", Encoding.UTF8, "application/json"),
    };

    [Fact]
    public async Task WithoutATokenEveryApiEndpointAnswers401JsonAndNeverRedirects()
    {
        await using var api = new ApiPortal(_data.Path);
        using var client = api.Client();

        foreach (var (method, path) in Endpoints)
        {
            var response = await client.SendAsync(Request(method, path), TestContext.Current.CancellationToken);

            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} answered {response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }
    }

    [Theory]
    [InlineData("spt_not-a-real-token", "unknown")]
    [InlineData("ghp_someone-elses-token", "not an SmtpPortal API token")]
    public async Task AnUnknownOrForeignTokenIsRefusedWithTheReason(string token, string reason)
    {
        await using var api = new ApiPortal(_data.Path);
        using var client = api.Client(token);

        var response = await client.GetAsync("/api/presets", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task EveryApiEndpointRequiresAPolicyThatAcceptsOnlyTheApiTokenScheme()
    {
        await using var api = new ApiPortal(_data.Path);
        var policies = api.Get<IAuthorizationPolicyProvider>();
        var endpoints = api.Get<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.TrimStart('/').StartsWith("api/", StringComparison.Ordinal)
                || e.RoutePattern.RawText!.Contains("openapi", StringComparison.Ordinal))
            .ToList();

        Assert.True(endpoints.Count >= 6);
        foreach (var endpoint in endpoints)
        {
            var names = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
            Assert.True(names.Count > 0, $"{endpoint.RoutePattern.RawText} has no authorization");
            foreach (var name in names)
            {
                var policy = await policies.GetPolicyAsync(name!);
                Assert.Equal([ApiTokenAuthenticationHandler.SchemeName], policy!.AuthenticationSchemes);
            }
        }
    }

    [Fact]
    public async Task AReadTokenCannotWriteTestOrReadTheSecret()
    {
        await using var api = new ApiPortal(_data.Path);
        using var client = await api.ClientWithScopesAsync(ApiScopes.Read);
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal(HttpStatusCode.Forbidden, (await client.PutAsJsonAsync("/api/settings", new { host = "x" }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/settings/test", new { to = "a@example.test" }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/api/settings/check", null, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/probe", new { }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/settings/trust-certificate", new { sha256 = "AB" }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/settings?includePassword=true", ct)).StatusCode);
        var export = await client.GetAsync("/api/export/env?includePassword=true", ct);
        Assert.Equal(HttpStatusCode.Forbidden, export.StatusCode);
        Assert.Equal("application/problem+json", export.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/presets", ct)).StatusCode);
    }

    [Fact]
    public async Task AWriteTokenCannotRead()
    {
        await using var api = new ApiPortal(_data.Path);
        using var client = await api.ClientWithScopesAsync(ApiScopes.Write | ApiScopes.Test);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/settings", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task ATokenStopsWorkingWhenItExpires()
    {
        await using var api = new ApiPortal(_data.Path);
        var token = await api.CreateTokenAsync(ApiScopes.Read, TimeSpan.FromDays(7));
        using var client = api.Client(token.Secret);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/presets", TestContext.Current.CancellationToken)).StatusCode);
        api.Clock.Advance(TimeSpan.FromDays(7));
        var expired = await client.GetAsync("/api/presets", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Contains("expired", await expired.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ARevokedTokenStopsWorkingAtOnce()
    {
        await using var api = new ApiPortal(_data.Path);
        var token = await api.CreateTokenAsync(ApiScopes.Read);
        using var client = api.Client(token.Secret);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/presets", TestContext.Current.CancellationToken)).StatusCode);

        Assert.True(await api.Get<ApiTokenStore>().RevokeAsync(token.Token!.Id, new AuditActor("admin", null), TestContext.Current.CancellationToken));
        var revoked = await client.GetAsync("/api/presets", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        Assert.Contains("revoked", await revoked.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task OnlyTheHashOfATokenIsStoredAndItsUseIsRecorded()
    {
        await using var api = new ApiPortal(_data.Path);
        var token = await api.CreateTokenAsync(ApiScopes.Read);
        using var client = api.Client(token.Secret);
        await client.GetAsync("/api/presets", TestContext.Current.CancellationToken);

        var stored = Assert.Single(await api.Get<ApiTokenStore>().ListAsync(TestContext.Current.CancellationToken));
        Assert.Equal(ApiTokenStore.Hash(token.Secret!), stored.TokenHash);
        Assert.Equal(api.Clock.GetUtcNow(), stored.LastUsedAt);
        Assert.StartsWith(stored.Prefix, token.Secret);
        var secretBytes = Encoding.UTF8.GetBytes(token.Secret!);
        foreach (var file in Directory.EnumerateFiles(_data.Path, "smtpportal.db*"))
            Assert.Equal(-1, File.ReadAllBytes(file).AsSpan().IndexOf(secretBytes));
    }

    [Fact]
    public async Task TooManyRequestsAreAnswered429WithJson()
    {
        await using var api = new ApiPortal(_data.Path, new Dictionary<string, string?>
        {
            ["SmtpPortal:Api:RequestLimit"] = "2",
            ["SmtpPortal:Api:RequestWindowSeconds"] = "3600",
        });
        using var client = await api.ClientWithScopesAsync(ApiScopes.Read);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/presets", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/presets", TestContext.Current.CancellationToken)).StatusCode);
        var third = await client.GetAsync("/api/presets", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal("application/problem+json", third.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task GuessesFromAnAddressNeverLockOutTheValidTokensUsedFromIt()
    {
        await using var api = new ApiPortal(_data.Path, new Dictionary<string, string?>
        {
            ["SmtpPortal:Api:RequestLimit"] = "3",
            ["SmtpPortal:Api:RequestWindowSeconds"] = "3600",
        });
        using var guesser = api.Client("spt_guessed-token");
        using var valid = await api.ClientWithScopesAsync(ApiScopes.Read);
        var ct = TestContext.Current.CancellationToken;

        for (var guess = 0; guess < 3; guess++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.GetAsync("/api/presets", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await guesser.GetAsync("/api/presets", ct)).StatusCode);
        using (var anonymous = api.Client())
            Assert.Equal(HttpStatusCode.TooManyRequests, (await anonymous.GetAsync("/api/presets", ct)).StatusCode);

        // Same address (the test server has one for everybody), own allowance.
        Assert.Equal(HttpStatusCode.OK, (await valid.GetAsync("/api/presets", ct)).StatusCode);
    }

    [Fact]
    public async Task EachTokenHasItsOwnAllowance()
    {
        await using var api = new ApiPortal(_data.Path, new Dictionary<string, string?>
        {
            ["SmtpPortal:Api:RequestLimit"] = "2",
            ["SmtpPortal:Api:RequestWindowSeconds"] = "3600",
        });
        using var busy = await api.ClientWithScopesAsync(ApiScopes.Read);
        using var other = await api.ClientWithScopesAsync(ApiScopes.Read);
        var ct = TestContext.Current.CancellationToken;

        await busy.GetAsync("/api/presets", ct);
        await busy.GetAsync("/api/presets", ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await busy.GetAsync("/api/presets", ct)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/presets", ct)).StatusCode);
    }
}
