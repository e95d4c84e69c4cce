using Microsoft.EntityFrameworkCore;
using SmtpPortal.Data;

namespace SmtpPortal.History;

/// <summary>What the History page asks for: all filters are optional.</summary>
public sealed record AuditFilter(
    AuditAction? Action = null, string? Text = null, DateTimeOffset? From = null, DateTimeOffset? To = null);

/// <summary>Reads the audit log and adds single entries to it. There is deliberately no method to
/// change or delete entries.</summary>
public sealed class AuditLog(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider time)
{
    public const int PageSize = 500;

    /// <summary>Adds one entry on its own, for events that change nothing else in the database.
    /// Not cancellable: an event that happened is recorded even when its request was abandoned.</summary>
    public async Task RecordAsync(AuditAction action, AuditActor actor, AuditText details, string fields = "")
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        db.AuditEntries.Add(AuditEntry.Of(action, actor, time.GetUtcNow(), details, fields));
        await db.SaveChangesAsync(CancellationToken.None);
    }

    public async Task<IReadOnlyList<AuditEntry>> FindAsync(AuditFilter filter, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.AuditEntries.AsNoTracking();
        if (filter.Action is { } action)
            query = query.Where(e => e.Action == action);
        if (filter.From is { } from)
            query = query.Where(e => e.At >= from);
        if (filter.To is { } to)
            query = query.Where(e => e.At < to);
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text.Trim();
            query = query.Where(e => e.Actor.Contains(text) || (e.RemoteAddress != null && e.RemoteAddress.Contains(text))
                || e.Fields.Contains(text) || e.Details.Contains(text));
        }
        return await query.OrderByDescending(e => e.Id).Take(PageSize).ToListAsync(ct);
    }
}
