using System.Collections.Concurrent;
using System.Net;

namespace SmtpPortal.Hosting;

/// <summary>
/// Notices requests that arrive with X-Forwarded-For from an address that is not a configured
/// proxy. The portal then sees every visitor behind that proxy as the proxy itself: the per-address
/// sign-in and API guess limits are shared by all of them, and History records the proxy's address.
/// The first such request from each address logs a warning; the Admins page lists them all.
/// </summary>
public sealed class UntrustedProxies(ILogger<UntrustedProxies> logger, TimeProvider time)
{
    // An attacker could send the header from many addresses: remember only the first few.
    private const int MaxRemembered = 20;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new();

    /// <summary>Addresses that sent X-Forwarded-For without being trusted, with when first seen.</summary>
    public IReadOnlyList<(string Address, DateTimeOffset FirstSeen)> Seen =>
        [.. _seen.OrderBy(s => s.Value).Select(s => (s.Key, s.Value))];

    /// <summary>After the forwarded-headers middleware: a header still there was not believed.</summary>
    public WebApplication Watch(WebApplication app)
    {
        app.Use((context, next) =>
        {
            if (context.Request.Headers.ContainsKey("X-Forwarded-For"))
                Notice(context.Connection.RemoteIpAddress);
            return next(context);
        });
        return app;
    }

    private void Notice(IPAddress? sender)
    {
        var address = sender?.ToString() ?? "(unknown)";
        if (_seen.ContainsKey(address) || _seen.Count >= MaxRemembered || !_seen.TryAdd(address, time.GetUtcNow()))
            return;
        logger.LogWarning(
            "Requests from {Address} carry X-Forwarded-For, but {Address} is not a configured reverse proxy, so the header is ignored: "
            + "every visitor behind it counts as {Address}, sharing one sign-in and API guess limit, and History records {Address}. "
            + "If it is your proxy, set SmtpPortal__ReverseProxy__KnownProxies__0={Address} (or KnownNetworks for its network) and restart.",
            address, address, address, address, address);
    }
}
