using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using SmtpPortal.Hosting;

namespace SmtpPortal.Tests.TestSupport;

/// <summary>A bUnit context with the portal's real storage (SQLite and key ring in a temp
/// folder) and a signed-in admin.</summary>
public abstract class PortalComponentContext : BunitContext
{
    protected const string AdminEmail = "admin@example.test";
    private readonly TempFolder _data = new();

    protected PortalComponentContext()
        : this(null)
    {
    }

    /// <param name="configure">Registrations that must come before the shared ones (a seam's
    /// test double, for instance).</param>
    protected PortalComponentContext(Action<IServiceCollection>? configure)
    {
        configure?.Invoke(Services);
        Services.AddLogging(logging => logging.AddProvider(Logs));
        Services.AddOptions<SmtpPortalOptions>();
        // Page tests never ask the machine's resolver; DNS work is tested against TestDnsServer.
        Services.TryAddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["SmtpPortal:Dns:Enabled"] = "false" }).Build());
        Services.AddSmtpPortalStorage(new DataDirectory(_data.Path));
        Services.AddSmtpSending();
        Services.AddSettingsExport().AddApiTokens();
        // The relay's pages; a relay turned on in a component test listens on a free port.
        Services.AddRelayServices().Configure<SmtpPortal.Relay.RelayOptions>(relay => relay.Endpoints = ["127.0.0.1:0"]);
        AddAuthorization().SetAuthorized("admin").SetClaims(new Claim(ClaimTypes.Email, AdminEmail));
        this.AddSmtpPortalTestServices();
        Services.GetRequiredService<IServiceProvider>().MigrateDatabaseAsync().GetAwaiter().GetResult();
    }

    /// <summary>Every log line written while the test ran, for leak checks.</summary>
    protected CapturedLogs Logs { get; } = new();

    protected T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
            _data.Dispose();
    }
}
