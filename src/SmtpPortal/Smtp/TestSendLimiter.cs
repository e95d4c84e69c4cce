using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using SmtpPortal.Security;

namespace SmtpPortal.Smtp;

/// <summary>
/// Caps test emails per admin. Test sends run inside the Blazor circuit, not as HTTP requests,
/// so ASP.NET Core's rate-limiting middleware never sees them; this is the same fixed-window
/// limiter, partitioned by admin, consulted by the panel before each send. Keeps a signed-in
/// (or hijacked) session from turning the server's mail account into a spam cannon.
/// </summary>
public sealed class TestSendLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public TestSendLimiter(IOptions<AdminSecurityOptions> options)
    {
        var perMinute = options.Value.TestSendsPerMinute;
        _limiter = PartitionedRateLimiter.Create<string, string>(admin =>
            RateLimitPartition.GetFixedWindowLimiter(admin, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = perMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            }));
        PerMinute = perMinute;
    }

    public int PerMinute { get; }

    /// <summary>Null when the admin may send now; otherwise the message to show.</summary>
    public string? TryStart(string adminName)
    {
        using var lease = _limiter.AttemptAcquire(adminName);
        return lease.IsAcquired
            ? null
            : $"You have sent {PerMinute} test emails in the last minute. Wait a minute, then try again.";
    }

    public void Dispose() => _limiter.Dispose();
}
