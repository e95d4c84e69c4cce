using System.Net.Http.Headers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SmtpPortal.Api;
using SmtpPortal.History;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Api;

/// <summary>The real portal with a clock the test moves, and a way to get a client that carries
/// a fresh API token with the given scopes.</summary>
internal sealed class ApiPortal : IAsyncDisposable
{
    private readonly PortalFactory _factory;

    public ApiPortal(string dataDirectory, IReadOnlyDictionary<string, string?>? settings = null)
    {
        _factory = new PortalFactory(dataDirectory, settings);
        Portal = _factory.WithWebHostBuilder(host => host.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock)));
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));

    public Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> Portal { get; }

    public T Get<T>() where T : notnull => Portal.Services.GetRequiredService<T>();

    public async Task<CreatedApiToken> CreateTokenAsync(ApiScopes scopes, TimeSpan? lifetime = null)
    {
        var created = await Get<ApiTokenStore>().CreateAsync("deploy script", scopes, lifetime ?? TimeSpan.FromDays(30), new AuditActor("admin", null));
        Assert.True(created.Succeeded, created.Problem);
        return created;
    }

    public HttpClient Client(string? token = null)
    {
        var client = Portal.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (token is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task<HttpClient> ClientWithScopesAsync(ApiScopes scopes) => Client((await CreateTokenAsync(scopes)).Secret);

    public async ValueTask DisposeAsync()
    {
        await Portal.DisposeAsync();
        await _factory.DisposeAsync();
    }
}
