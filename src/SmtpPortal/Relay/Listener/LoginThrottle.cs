using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;

namespace SmtpPortal.Relay.Listener;

/// <summary>Failed relay logins per client address, like the portal's own sign-in lockout: after
/// <see cref="RelayOptions.MaxFailedLogins"/> failures within the lockout period the address is
/// locked for <see cref="RelayOptions.LockoutMinutes"/>, and its AUTH commands are refused without
/// checking any secret. A successful login forgets the address's failures.</summary>
public sealed class LoginThrottle(IOptions<RelayOptions> options, TimeProvider time)
{
    /// <summary>Bounds the memory an attacker with many addresses can make this take.</summary>
    private const int MaxTrackedAddresses = 10_000;

    private readonly ConcurrentDictionary<IPAddress, Failures> _failures = new();

    /// <summary>When the address may try again, or null when it may now.</summary>
    public DateTimeOffset? LockedUntil(IPAddress address)
    {
        if (!_failures.TryGetValue(address, out var failures))
            return null;
        lock (failures)
            return failures.LockedUntil is { } until && until > time.GetUtcNow() ? until : null;
    }

    /// <summary>Counts a failure; returns when the address is now locked, if it is.</summary>
    public DateTimeOffset? Failed(IPAddress address)
    {
        var now = time.GetUtcNow();
        var window = TimeSpan.FromMinutes(options.Value.LockoutMinutes);
        if (_failures.Count >= MaxTrackedAddresses)
            Forget(now - window);
        var failures = _failures.GetOrAdd(address, _ => new Failures());
        lock (failures)
        {
            if (failures.First is null || now - failures.First > window)
                (failures.First, failures.Count) = (now, 0);
            failures.Count++;
            if (failures.Count >= options.Value.MaxFailedLogins)
            {
                failures.LockedUntil = now + window;
                (failures.First, failures.Count) = (null, 0);
            }
            return failures.LockedUntil > now ? failures.LockedUntil : null;
        }
    }

    public void Succeeded(IPAddress address) => _failures.TryRemove(address, out _);

    private void Forget(DateTimeOffset before)
    {
        foreach (var (address, failures) in _failures)
        {
            lock (failures)
            {
                if ((failures.LockedUntil ?? DateTimeOffset.MinValue) < before && (failures.First ?? DateTimeOffset.MinValue) < before)
                    _failures.TryRemove(address, out _);
            }
        }
    }

    private sealed class Failures
    {
        public DateTimeOffset? First { get; set; }
        public int Count { get; set; }
        public DateTimeOffset? LockedUntil { get; set; }
    }
}
