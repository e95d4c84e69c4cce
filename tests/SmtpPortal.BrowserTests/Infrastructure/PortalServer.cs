using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace SmtpPortal.BrowserTests.Infrastructure;

/// <summary>The real portal on Kestrel at 127.0.0.1 (random port) over its own temp data directory.</summary>
public sealed class PortalServer : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;

    /// <param name="settings">Configuration of this run, e.g. the DNS server of a test. Without one,
    /// DNS lookups are off: browser tests never ask the machine's resolver.</param>
    public PortalServer(IReadOnlyDictionary<string, string?>? settings = null)
    {
        _settings = settings ?? new Dictionary<string, string?> { ["SmtpPortal:Dns:Enabled"] = "false" };
        DataDirectory = Path.Combine(Path.GetTempPath(), "smtpportal-browser", Guid.NewGuid().ToString("n"));
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = address.TrimEnd('/');
    }

    public string DataDirectory { get; }
    public string BaseUrl { get; }
    public string SetupTokenFile => Path.Combine(DataDirectory, "setup-token.txt");

    /// <remarks>A journey runs more tests in a minute (saves, sends, a rotation) than the default cap
    /// of 5 allows; the cap itself is tested on every entry point in SmtpPortal.Tests.</remarks>
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("SmtpPortal:DataDirectory", DataDirectory)
            .UseSetting("SmtpPortal:SendTimeoutSeconds", "15")
            .UseSetting("SmtpPortal:Security:TestSendsPerMinute", "30")
            // Off until a test turns it on; then on a free port, beside other helpers' runs.
            .UseSetting("SmtpPortal:Relay:Endpoints:0", "127.0.0.1:0");
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left inside the checkout's ignored .tmp folder.
        }
    }
}
