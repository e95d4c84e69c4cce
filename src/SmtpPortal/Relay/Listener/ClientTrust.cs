using System.Net;

namespace SmtpPortal.Relay.Listener;

/// <summary>Where a plain-text login is acceptable: loopback, and the networks the operator lists
/// (a Docker network whose traffic never leaves the host). This decides only whether AUTH needs
/// STARTTLS first; no address is trusted to send without a login.</summary>
public sealed class ClientTrust(IReadOnlyList<IPNetwork> plainAuthNetworks)
{
    public bool MayLogInWithoutTls(IPAddress client)
    {
        var address = client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client;
        return IPAddress.IsLoopback(address) || plainAuthNetworks.Any(n => n.Contains(address));
    }
}
