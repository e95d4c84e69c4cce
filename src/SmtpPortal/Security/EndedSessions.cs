using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SmtpPortal.Data;

namespace SmtpPortal.Security;

/// <summary>A session an admin signed out of, kept until its cookie could no longer be valid anyway.</summary>
public sealed class EndedSession
{
    /// <summary>The session's id (<see cref="AdminClaims.SessionId"/>).</summary>
    public string Id { get; set; } = "";

    /// <summary>The session's absolute end: after it the cookie is refused without this row.</summary>
    public DateTimeOffset Until { get; set; }
}

/// <summary>
/// "Sign out" for one session. A sign-in cookie carries everything the portal needs, so deleting
/// it in the browser left any copy of it working until it expired; the portal now remembers the
/// ids of sessions signed out of (in the database, so a restart does not forget them) and refuses
/// their cookies. The ids are also held in memory: every request asks, and only this process
/// writes them. "Sign out everywhere" still works through the security stamp.
/// </summary>
public sealed class EndedSessions(IDbContextFactory<PortalDbContext> dbFactory, AdminSessionPolicy policy)
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private ConcurrentDictionary<string, DateTimeOffset>? _ended;

    /// <summary>Ends the session of this principal, for every copy of its cookie.</summary>
    public async Task EndAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (user.FindFirstValue(AdminClaims.SessionId) is not { } id)
            return;
        var ended = await LoadAsync(ct);
        var started = AdminClaims.ReadTime(user, AdminClaims.SessionStarted) ?? policy.Now;
        var until = started + policy.Options.AbsoluteSessionLimit;
        if (!ended.TryAdd(id, until))
            return;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = policy.Now;
        // Rows past their session's absolute limit guard nothing any more.
        await db.EndedSessions.Where(e => e.Until < now).ExecuteDeleteAsync(ct);
        db.EndedSessions.Add(new EndedSession { Id = id, Until = until });
        await db.SaveChangesAsync(ct);
    }

    public async Task<bool> HasEndedAsync(ClaimsPrincipal user, CancellationToken ct = default) =>
        user.FindFirstValue(AdminClaims.SessionId) is { } id && (await LoadAsync(ct)).ContainsKey(id);

    private async Task<ConcurrentDictionary<string, DateTimeOffset>> LoadAsync(CancellationToken ct)
    {
        if (_ended is { } loaded)
            return loaded;
        await _loading.WaitAsync(ct);
        try
        {
            if (_ended is null)
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                var now = policy.Now;
                var rows = await db.EndedSessions.AsNoTracking().ToListAsync(ct);
                _ended = new ConcurrentDictionary<string, DateTimeOffset>(
                    rows.Where(r => r.Until >= now).Select(r => KeyValuePair.Create(r.Id, r.Until)));
            }
            return _ended;
        }
        finally
        {
            _loading.Release();
        }
    }
}
