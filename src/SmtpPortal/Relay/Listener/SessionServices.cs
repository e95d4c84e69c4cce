using Microsoft.Extensions.Options;

namespace SmtpPortal.Relay.Listener;

/// <summary>Everything a relay session needs, resolved once for the listener.</summary>
public sealed class SessionServices(
    RelayAppStore apps, RelayQueue queue, QueueFolder folder, LoginThrottle throttle, RelayRefusals refusals,
    RelayRuntime runtime, RelayCertificate certificate, IOptions<RelayOptions> options, TimeProvider time,
    ILogger<SessionServices> logger)
{
    public RelayAppStore Apps { get; } = apps;
    public RelayQueue Queue { get; } = queue;
    public QueueFolder Folder { get; } = folder;
    public LoginThrottle Throttle { get; } = throttle;
    public RelayRefusals Refusals { get; } = refusals;
    public RelayRuntime Runtime { get; } = runtime;
    public RelayCertificate Certificate { get; } = certificate;
    public RelayOptions Options { get; } = options.Value;
    public TimeProvider Time { get; } = time;
    public ILogger Logger { get; } = logger;
    public ClientTrust Trust { get; } = new(options.Value.PlainAuthNetworkList);

    /// <summary>The name the relay greets with: the host apps use for it.</summary>
    public string ServerName { get; } = string.IsNullOrWhiteSpace(options.Value.HostForApps)
        ? System.Net.Dns.GetHostName()
        : options.Value.HostForApps.Trim();
}
