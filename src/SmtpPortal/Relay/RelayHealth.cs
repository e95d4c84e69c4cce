using Microsoft.EntityFrameworkCore;
using SmtpPortal.Data;

namespace SmtpPortal.Relay;

/// <summary>Why a message waits or failed, as its send-log line has it: the reason code, the
/// provider's own reply and when the attempt was.</summary>
public sealed record RelayReasonSeen(string? Code, string? Reply, DateTimeOffset? At);

/// <summary>The queue as the alerts see it: how many messages wait (queued, being sent or
/// deferred), how many of them wait for a retry, since when the oldest of those waits, and the
/// newest reason among them.</summary>
public sealed record RelayBacklog(int Waiting, int Deferred, DateTimeOffset? OldestDeferredSince, RelayReasonSeen? LastReason);

/// <summary>Messages that failed for good after the last delivery of a window: how many, when the
/// first of them failed, the last one's reason, and that delivery (null when none was in the window).</summary>
public sealed record RelayFailureRun(int Failed, DateTimeOffset? FirstFailedAt, RelayReasonSeen? LastReason, DateTimeOffset? LastDeliveredAt);

/// <summary>Cheap aggregate reads of the queue for the relay's alert conditions, run every minute:
/// each query is bounded by the waiting messages (the status index) or by one window of finished
/// ones (the FinishedAt index), never by the whole send log.</summary>
public sealed class RelayHealth(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<RelayBacklog> BacklogAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var waiting = await db.RelayMessages.CountAsync(m => m.Status == RelayMessageStatus.Queued
            || m.Status == RelayMessageStatus.Sending || m.Status == RelayMessageStatus.Deferred, ct);
        // A deferred message being retried right now still waits: its retry must not clear the condition.
        var deferred = db.RelayMessages.Where(m => m.Status == RelayMessageStatus.Deferred
            || (m.Status == RelayMessageStatus.Sending && m.Attempts > 0));
        var count = await deferred.CountAsync(ct);
        if (count == 0)
            return new RelayBacklog(waiting, 0, null, null);
        var oldest = await deferred.OrderBy(m => m.AcceptedAt).Select(m => (DateTimeOffset?)m.AcceptedAt).FirstOrDefaultAsync(ct);
        var last = await deferred.Where(m => m.LastReasonCode != null)
            .OrderByDescending(m => m.LastAttemptAt).ThenByDescending(m => m.Id)
            .Select(m => new RelayReasonSeen(m.LastReasonCode, m.LastReply, m.LastAttemptAt)).FirstOrDefaultAsync(ct);
        return new RelayBacklog(waiting, count, oldest, last);
    }

    /// <summary>The failures after the last delivery since <paramref name="windowStart"/> (or
    /// since the window's start when nothing was delivered in it).</summary>
    public async Task<RelayFailureRun> FailuresSinceLastDeliveryAsync(DateTimeOffset windowStart, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var lastDelivered = await db.RelayMessages
            .Where(m => m.Status == RelayMessageStatus.Delivered && m.FinishedAt >= windowStart)
            .OrderByDescending(m => m.FinishedAt).Select(m => m.FinishedAt).FirstOrDefaultAsync(ct);
        var failed = lastDelivered is { } delivered
            ? db.RelayMessages.Where(m => m.Status == RelayMessageStatus.Failed && m.FinishedAt > delivered)
            : db.RelayMessages.Where(m => m.Status == RelayMessageStatus.Failed && m.FinishedAt >= windowStart);
        var count = await failed.CountAsync(ct);
        if (count == 0)
            return new RelayFailureRun(0, null, null, lastDelivered);
        var first = await failed.OrderBy(m => m.FinishedAt).Select(m => m.FinishedAt).FirstOrDefaultAsync(ct);
        var last = await failed.OrderByDescending(m => m.FinishedAt).ThenByDescending(m => m.Id)
            .Select(m => new RelayReasonSeen(m.LastReasonCode, m.LastReply, m.FinishedAt)).FirstOrDefaultAsync(ct);
        return new RelayFailureRun(count, first, last, lastDelivered);
    }
}
