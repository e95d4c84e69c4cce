using System.Net;
using Microsoft.Extensions.Options;
using SmtpPortal.Export;
using SmtpPortal.Smtp;

namespace SmtpPortal.Relay;

/// <summary>What an app types into its SMTP settings to use the relay: host, port, security,
/// its own user name and secret, and a From it may use. The Relay page, the API and the command
/// line all show these, in the Export page's formats.</summary>
public sealed class RelayAppSettings(IOptions<RelayOptions> options, RelayRuntime runtime)
{
    public const string SecretPlaceholder = "REPLACE_WITH_RELAY_SECRET";

    /// <summary>The configured host for apps, else the first endpoint's address, else (listening
    /// on every address) this machine's name.</summary>
    public string Host
    {
        get
        {
            if (!string.IsNullOrWhiteSpace(options.Value.HostForApps))
                return options.Value.HostForApps.Trim();
            var address = options.Value.ListenEndpoints[0].Address;
            return address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) ? Dns.GetHostName() : address.ToString();
        }
    }

    /// <summary>The port the relay listens on (the one it was given, when port 0 let the system choose).</summary>
    public int Port => runtime.Current.Listening.Count > 0 ? runtime.Current.Listening[0].Port : options.Value.ListenEndpoints[0].Port;

    /// <summary>No TLS where plain-text logins are accepted anyway (this server, a listed Docker
    /// network): the relay's certificate is its own, which apps cannot verify without pinning it.
    /// STARTTLS everywhere else.</summary>
    public SecurityMode Security =>
        options.Value.PlainAuthNetworks.Length > 0 || IsLoopback(Host) ? SecurityMode.None : SecurityMode.StartTls;

    /// <param name="secret">The secret right after creation; afterwards only a placeholder exists.</param>
    public ExportValues For(RelayApp app, string? secret)
    {
        var senders = app.Senders;
        var from = senders.Addresses.FirstOrDefault() ?? "noreply@" + senders.Domains.First();
        return new ExportValues(Host, Port, Security, app.UserName, secret ?? SecretPlaceholder, from, app.Name, null);
    }

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
}
