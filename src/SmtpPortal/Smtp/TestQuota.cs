using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmtpPortal.Data;
using SmtpPortal.History;
using SmtpPortal.Security;

namespace SmtpPortal.Smtp;

/// <summary>Who asks for a run: the actor History records, and the key the per-minute cap
/// counts against (one admin, one API token, one account on the command line).</summary>
/// <param name="CountsRecordedRuns">Whether the runs this actor recorded before count too: each
/// command-line run is a process of its own, whose memory starts empty.</param>
public sealed record Requester(AuditActor Actor, string QuotaKey, bool CountsRecordedRuns = false)
{
    public static Requester Admin(AuditActor actor) => new(actor, "admin:" + actor.Name);

    /// <summary>Per token, not per name: two tokens may share a name.</summary>
    public static Requester ApiToken(AuditActor actor, string tokenId) => new(actor, "token:" + tokenId);

    public static Requester CommandLine(AuditActor actor) => new(actor, "cli:" + actor.Name, CountsRecordedRuns: true);
}

/// <summary>
/// The per-minute cap on runs that reach the mail server (test emails, connection checks, tests
/// of a new password or new settings), per admin, per API token and per command-line
/// account. Every entry point goes through <see cref="TestEmailService"/>, which asks here first:
/// a leaked token or a stuck script cannot turn the server's mail account into a spam cannon.
/// A sliding window in memory, atomic within the process (the page and the API share the portal's);
/// for the command line, whose every run is a new process, seeded from the runs the account
/// recorded in the last minute, so that successive runs share the cap.
/// </summary>
public sealed class TestQuota(IDbContextFactory<PortalDbContext> dbFactory, IOptions<AdminSecurityOptions> options, TimeProvider time)
    : IDisposable
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, Queue<DateTimeOffset>> _starts = [];

    public int PerMinute => options.Value.TestSendsPerMinute;

    /// <summary>Takes one run from the requester's minute. When none is left: how long until the
    /// oldest run of the minute leaves it (what a 429's Retry-After and the message say); null when taken.</summary>
    public async Task<TimeSpan?> TakeAsync(Requester requester, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var now = time.GetUtcNow();
            if (!_starts.TryGetValue(requester.QuotaKey, out var starts))
            {
                starts = new Queue<DateTimeOffset>(requester.CountsRecordedRuns ? await RecordedStartsAsync(requester.Actor.Name, now, ct) : []);
                _starts[requester.QuotaKey] = starts;
            }
            while (starts.Count > 0 && now - starts.Peek() >= Window)
                starts.Dequeue();
            if (starts.Count >= PerMinute)
                return starts.Peek() + Window - now;
            starts.Enqueue(now);
            return null;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>When the runs of the last minute by this actor started, oldest first, as recorded.</summary>
    private async Task<IEnumerable<DateTimeOffset>> RecordedStartsAsync(string actorName, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var recent = await db.TestRuns.AsNoTracking().Where(r => r.AdminName == actorName)
            .OrderByDescending(r => r.Id).Take(PerMinute).Select(r => r.StartedAt).ToListAsync(ct);
        return recent.Where(at => now - at < Window).Order();
    }

    public void Dispose() => _gate.Dispose();
}
