using Microsoft.EntityFrameworkCore;
using SmtpPortal.Data;
using SmtpPortal.History;

namespace SmtpPortal.Relay;

/// <summary>What the Sent mail page, the API and the command line ask for; all filters optional.</summary>
public sealed record SendLogFilter(
    RelayMessageStatus? Status = null, int? AppId = null, string? Text = null, DateTimeOffset? From = null, DateTimeOffset? To = null);

/// <summary>The Dashboard's figures for the relay.</summary>
public sealed record RelayFigures(
    int DeliveredToday, int FailedToday, int QueueLength, DateTimeOffset? OldestDeferredSince, RelayMessage? LastError);

/// <summary>Reads the send log and carries out the admin's actions on it ("retry now",
/// "delete"), each with a History entry.</summary>
public sealed class SendLog(
    IDbContextFactory<PortalDbContext> dbFactory, QueueFolder folder, QueueSignal signal, SendLogUpdates updates, TimeProvider time)
{
    public const int PageSize = 500;

    public async Task<IReadOnlyList<RelayMessage>> FindAsync(SendLogFilter filter, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.RelayMessages.AsNoTracking();
        if (filter.Status is { } status)
            query = query.Where(m => m.Status == status);
        if (filter.AppId is { } appId)
            query = query.Where(m => m.AppId == appId);
        if (filter.From is { } from)
            query = query.Where(m => m.AcceptedAt >= from);
        if (filter.To is { } to)
            query = query.Where(m => m.AcceptedAt < to);
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text.Trim();
            query = query.Where(m => m.EnvelopeFrom.Contains(text) || m.Recipients.Contains(text) || m.AppName.Contains(text)
                || (m.Subject != null && m.Subject.Contains(text)) || (m.MessageIdHeader != null && m.MessageIdHeader.Contains(text))
                || (m.LastReply != null && m.LastReply.Contains(text)));
        }
        return await query.OrderByDescending(m => m.Id).Take(PageSize).ToListAsync(ct);
    }

    public async Task<(RelayMessage? Message, IReadOnlyList<RelayAttempt> Attempts)> GetAsync(long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var message = await db.RelayMessages.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct);
        var attempts = message is null ? [] : await db.RelayAttempts.AsNoTracking()
            .Where(a => a.MessageId == id).OrderBy(a => a.Id).ToListAsync(ct);
        return (message, attempts);
    }

    /// <summary>Sends a waiting or failed message at once (a failed one only while its body is kept).</summary>
    public async Task<RelayProblem?> RetryNowAsync(long id, AuditActor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var message = await db.RelayMessages.SingleOrDefaultAsync(m => m.Id == id, ct);
        if (message is null)
            return new RelayProblem("MessageNotFound");
        if (message.Status == RelayMessageStatus.Delivered)
            return new RelayProblem("MessageFinished");
        if (!message.HasBody || (message.BodyFile is { } file && !folder.Exists(file)))
            return new RelayProblem("MessageBodyGone");
        var now = time.GetUtcNow();
        if (message.Status != RelayMessageStatus.Sending)
        {
            message.Status = message.Attempts == 0 ? RelayMessageStatus.Queued : RelayMessageStatus.Deferred;
            message.NextAttemptAt = now;
            message.FinishedAt = null;
            // A retried message gets a fresh lifetime: the admin asked for it.
            message.ExpiresAt = Max(message.ExpiresAt, now + TimeSpan.FromHours(1));
        }
        db.AuditEntries.Add(AuditEntry.Of(AuditAction.RelayMessageRetried, actor, now, Describe(message)));
        await db.SaveChangesAsync(ct);
        signal.Wake();
        updates.Notify();
        return null;
    }

    /// <summary>Removes a message from the queue and the log, with its body.</summary>
    public async Task<RelayProblem?> DeleteAsync(long id, AuditActor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var message = await db.RelayMessages.SingleOrDefaultAsync(m => m.Id == id, ct);
        if (message is null)
            return new RelayProblem("MessageNotFound");
        await db.RelayAttempts.Where(a => a.MessageId == id).ExecuteDeleteAsync(ct);
        await db.RelayMessageBodies.Where(b => b.MessageId == id).ExecuteDeleteAsync(ct);
        db.RelayMessages.Remove(message);
        db.AuditEntries.Add(AuditEntry.Of(AuditAction.RelayMessageDeleted, actor, time.GetUtcNow(), $"{Describe(message)}, status {message.Status}"));
        await db.SaveChangesAsync(ct);
        folder.Delete(message.BodyFile);
        updates.Notify();
        return null;
    }

    /// <param name="dayStart">The start of "today" in the server's time zone.</param>
    public async Task<RelayFigures> FiguresAsync(DateTimeOffset dayStart, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var delivered = await db.RelayMessages.CountAsync(m => m.Status == RelayMessageStatus.Delivered && m.FinishedAt >= dayStart, ct);
        var failed = await db.RelayMessages.CountAsync(m => m.Status == RelayMessageStatus.Failed && m.FinishedAt >= dayStart, ct);
        var waiting = await db.RelayMessages.CountAsync(m => m.Status == RelayMessageStatus.Queued
            || m.Status == RelayMessageStatus.Sending || m.Status == RelayMessageStatus.Deferred, ct);
        var oldestDeferred = await db.RelayMessages.Where(m => m.Status == RelayMessageStatus.Deferred)
            .OrderBy(m => m.AcceptedAt).Select(m => (DateTimeOffset?)m.AcceptedAt).FirstOrDefaultAsync(ct);
        var lastError = await db.RelayMessages.AsNoTracking().Where(m => m.LastReasonCode != null && m.LastReasonCode != RelayReasons.Paced)
            .OrderByDescending(m => m.LastAttemptAt).FirstOrDefaultAsync(ct);
        return new RelayFigures(delivered, failed, waiting, oldestDeferred, lastError);
    }

    private static string Describe(RelayMessage message) =>
        $"message {message.Id} from {message.AppName} ({message.EnvelopeFrom} to {message.RecipientCount} recipient(s), {message.MessageIdHeader})";

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
