using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using SmtpPortal.Security;

namespace SmtpPortal.Tests.TestSupport;

/// <summary>The real portal, hosted in-process over its own data directory (a real SQLite file
/// and key ring in a temp folder). Two factories over one folder are two runs of the portal.</summary>
public sealed class PortalFactory(string dataDirectory, IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    public string DataDirectory { get; } = dataDirectory;

    /// <summary>Replaces services of the real app, e.g. a FakeTimeProvider.</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("SmtpPortal:DataDirectory", DataDirectory);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            builder.UseSetting(key, value);
        if (TestServices is { } replace)
            builder.ConfigureTestServices(replace);
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public async Task<AdminUser> CreateAdminAsync(
        string userName = "admin", string email = "admin@example.test", string password = "a long enough password")
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
        var admin = new AdminUser { UserName = userName, Email = email, EmailConfirmed = true };
        var result = await users.CreateAsync(admin, password);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        return admin;
    }

    /// <summary>Serves the portal on Kestrel at 127.0.0.1 on a free port instead of the in-memory
    /// test server, so that requests come from a real client address. Call before anything else.</summary>
    public Uri ListenOnLoopback()
    {
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        StartServer();
        return new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    /// <summary>A client that does not follow redirects, so tests see where they point.</summary>
    public HttpClient CreateNonRedirectingClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
}
