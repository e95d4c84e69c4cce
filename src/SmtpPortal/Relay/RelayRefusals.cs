using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using SmtpPortal.Data;

namespace SmtpPortal.Relay;

/// <summary>How often the relay refused what, for the Relay page.</summary>
public sealed record RefusalCounts(IReadOnlyDictionary<RelayRefusalKind, int> Last24Hours, IReadOnlyList<RelayRefusal> Recent);

/// <summary>Counts every refusal of the relay. A session only hands a refusal over (it must not
/// wait for the database, and a client that provokes refusals on purpose must not make the relay
/// write once per command): they are written in batches, and beyond a bounded backlog only counted.</summary>
public sealed class RelayRefusals(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider time, ILogger<RelayRefusals> logger)
{
    public const int RecentCount = 20;
    private const int Backlog = 10_000;

    private readonly Channel<RelayRefusal> _pending = Channel.CreateBounded<RelayRefusal>(
        new BoundedChannelOptions(Backlog) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private long _dropped;

    public void Record(RelayRefusalKind kind, string? clientAddress, string? appName, string detail)
    {
        var refusal = new RelayRefusal
        {
            At = time.GetUtcNow(), Kind = kind, ClientAddress = clientAddress, AppName = appName,
            Detail = detail.Length <= 500 ? detail : detail[..500],
        };
        if (!_pending.Writer.TryWrite(refusal))
            Interlocked.Increment(ref _dropped);
    }

    /// <summary>Writes what is pending; the relay's background loop calls it every few seconds,
    /// the page before it reads, tests before they check.</summary>
    public async Task FlushAsync(CancellationToken ct = default)
    {
        var batch = new List<RelayRefusal>();
        while (batch.Count < 1000 && _pending.Reader.TryRead(out var refusal))
            batch.Add(refusal);
        if (batch.Count == 0)
            return;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.RelayRefusals.AddRange(batch);
        await db.SaveChangesAsync(ct);
        if (Interlocked.Exchange(ref _dropped, 0) is var dropped and > 0)
            logger.LogWarning("The relay refused {Count} more requests than it could record in detail.", dropped);
    }

    public async Task<RefusalCounts> CountAsync(CancellationToken ct = default)
    {
        await FlushAsync(ct);
        var since = time.GetUtcNow() - TimeSpan.FromDays(1);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var counts = await db.RelayRefusals.Where(r => r.At >= since).GroupBy(r => r.Kind)
            .Select(g => new { Kind = g.Key, Count = g.Count() }).ToListAsync(ct);
        var recent = await db.RelayRefusals.AsNoTracking().OrderByDescending(r => r.Id).Take(RecentCount).ToListAsync(ct);
        return new RefusalCounts(counts.ToDictionary(c => c.Kind, c => c.Count), recent);
    }
}
