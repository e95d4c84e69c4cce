using System.ComponentModel.DataAnnotations;
using System.Net;

namespace SmtpPortal.Relay;

/// <summary>The <c>SmtpPortal:Relay</c> section: where the relay listens and its limits. Whether
/// it is on is the admin's switch (<see cref="RelayState"/>), not configuration.</summary>
public sealed class RelayOptions : IValidatableObject
{
    public const string Section = "SmtpPortal:Relay";
    public const string DefaultEndpoint = "127.0.0.1:2525";

    /// <summary><c>address:port</c> pairs; empty means <see cref="DefaultEndpoint"/>. (A default
    /// list here would be appended to, not replaced, by the configuration binder.)</summary>
    public string[] Endpoints { get; set; } = [];

    /// <summary>Networks (CIDR) besides loopback whose apps may log in without STARTTLS, e.g. a
    /// Docker network such as 172.18.0.0/16.</summary>
    public string[] PlainAuthNetworks { get; set; } = [];

    /// <summary>PKCS#12 file for STARTTLS; empty: a certificate the portal generates and keeps in
    /// the data directory.</summary>
    public string? CertificatePath { get; set; }
    public string? CertificatePassword { get; set; }

    /// <summary>The host name apps should use for the relay (shown in their settings); empty: the
    /// first endpoint's address, or this machine's name when it listens on every address.</summary>
    public string? HostForApps { get; set; }

    [Range(1, 100)]
    public int MaxMessageMegabytes { get; set; } = 25;

    [Range(1, 1000)]
    public int MaxRecipients { get; set; } = 100;

    [Range(1, 10000)]
    public int MaxConnections { get; set; } = 50;

    /// <summary>How long the relay waits for a client's next command line.</summary>
    [Range(5, 3600)]
    public int IdleTimeoutSeconds { get; set; } = 60;

    /// <summary>The longest one command may take once started: a whole DATA upload, an AUTH
    /// exchange, a TLS handshake.</summary>
    [Range(5, 3600)]
    public int CommandTimeoutSeconds { get; set; } = 300;

    /// <summary>Messages one app may hand over per hour (a rolling hour).</summary>
    [Range(1, 1_000_000)]
    public int MessagesPerHourPerApp { get; set; } = 1000;

    [Range(1, 100)]
    public int MaxFailedLogins { get; set; } = 5;

    [Range(1, 1440)]
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>How long a message keeps being retried before it fails.</summary>
    [Range(1, 720)]
    public int MessageLifetimeHours { get; set; } = 48;

    /// <summary>How long delivered and failed messages stay in the send log.</summary>
    [Range(1, 3650)]
    public int LogRetentionDays { get; set; } = 30;

    /// <summary>The most connections to the provider used at once for delivery (Postfix's default
    /// for one destination). A burst starts on four and opens more only while mail waits and the
    /// provider takes them (<see cref="Delivery.DeliveryConcurrency"/>).</summary>
    [Range(1, 32)]
    public int DeliveryConnections { get; set; } = 20;

    public long MaxMessageBytes => MaxMessageMegabytes * 1024L * 1024L;
    public TimeSpan IdleTimeout => TimeSpan.FromSeconds(IdleTimeoutSeconds);
    public TimeSpan CommandTimeout => TimeSpan.FromSeconds(CommandTimeoutSeconds);
    public TimeSpan MessageLifetime => TimeSpan.FromHours(MessageLifetimeHours);

    public IReadOnlyList<IPEndPoint> ListenEndpoints =>
        [.. (Endpoints.Length == 0 ? [DefaultEndpoint] : Endpoints).Select(e => IPEndPoint.Parse(e.Trim()))];

    public IReadOnlyList<IPNetwork> PlainAuthNetworkList => [.. PlainAuthNetworks.Select(n => IPNetwork.Parse(n.Trim()))];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (endpoint, i) in Endpoints.Select((e, i) => (e, i)))
        {
            if (!IPEndPoint.TryParse(endpoint.Trim(), out _))
                yield return new ValidationResult(
                    $"{Section}:Endpoints:{i} = '{endpoint}' is not address:port (e.g. 127.0.0.1:2525 or 0.0.0.0:2525).", [nameof(Endpoints)]);
        }
        foreach (var (network, i) in PlainAuthNetworks.Select((n, i) => (n, i)))
        {
            if (!IPNetwork.TryParse(network.Trim(), out _))
                yield return new ValidationResult(
                    $"{Section}:PlainAuthNetworks:{i} = '{network}' is not a network in CIDR form (e.g. 172.18.0.0/16).", [nameof(PlainAuthNetworks)]);
        }
    }
}
