using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmtpPortal.Data;
using SmtpPortal.Smtp;

namespace SmtpPortal.Relay;

/// <summary>
/// The durable queue: a message's row (with a small body) is committed, fsync'd, before the relay
/// answers 250; a large body's file was fsync'd before that. A delivery claims rows (status
/// Sending) and records each attempt; after a crash, rows left in Sending go back to the queue —
/// the one case where a message can go out twice is a crash between the provider's 250 and that
/// record. Writes go through <see cref="QueueWriter"/>'s group commits.
/// </summary>
public sealed class RelayQueue(
    IDbContextFactory<PortalDbContext> dbFactory, QueueWriter writer, QueueFolder folder, QueueSignal signal, SendLogUpdates updates,
    IOptions<RelayOptions> options, TimeProvider time, ILogger<RelayQueue> logger)
{
    /// <summary>Stores a message; its body is <paramref name="inlineBody"/>, or the file its
    /// <see cref="RelayMessage.BodyFile"/> names (already on disk).</summary>
    public async Task<long> AcceptAsync(RelayMessage message, byte[]? inlineBody)
    {
        var now = time.GetUtcNow();
        message.AcceptedAt = now;
        message.NextAttemptAt = now;
        message.ExpiresAt = now + options.Value.MessageLifetime;
        message.Status = RelayMessageStatus.Queued;
        message.BodyInDatabase = inlineBody is not null;
        await writer.WriteAsync(db =>
        {
            db.RelayMessages.Add(message);
            if (inlineBody is not null)
                db.RelayMessageBodies.Add(new RelayMessageBody { Message = message, Data = inlineBody });
        });
        signal.Wake();
        updates.Notify();
        return message.Id;
    }

    public async Task<int> CountAcceptedSinceAsync(int appId, DateTimeOffset since, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.RelayMessages.CountAsync(m => m.AppId == appId && m.AcceptedAt >= since, ct);
    }

    /// <summary>Marks up to <paramref name="max"/> due messages as being sent and returns them, oldest first.</summary>
    public async Task<IReadOnlyList<RelayMessage>> ClaimDueAsync(int max)
    {
        var now = time.GetUtcNow();
        List<RelayMessage> due = [];
        await writer.WriteAsync(db =>
        {
            due = [.. db.RelayMessages
                .Where(m => (m.Status == RelayMessageStatus.Queued || m.Status == RelayMessageStatus.Deferred) && m.NextAttemptAt <= now)
                .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id).Take(max)];
            foreach (var message in due)
                message.Status = RelayMessageStatus.Sending;
        });
        return due;
    }

    /// <summary>When the next waiting message is due, if any waits.</summary>
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.RelayMessages
            .Where(m => m.Status == RelayMessageStatus.Queued || m.Status == RelayMessageStatus.Deferred)
            .OrderBy(m => m.NextAttemptAt).Select(m => (DateTimeOffset?)m.NextAttemptAt).FirstOrDefaultAsync(ct);
    }

    /// <summary>The message's body: its row in the database or its file.</summary>
    public async Task<Stream?> OpenBodyAsync(RelayMessage message, CancellationToken ct)
    {
        if (message.BodyFile is { } file)
            return folder.Exists(file) ? folder.Open(file) : null;
        if (!message.BodyInDatabase)
            return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var data = await db.RelayMessageBodies.Where(b => b.MessageId == message.Id).Select(b => b.Data).SingleOrDefaultAsync(ct);
        return data is null ? null : new MemoryStream(data, writable: false);
    }

    /// <summary>Records one attempt and what follows from it: delivered, retried later, or failed.
    /// Not cancellable: an attempt that happened is recorded even while the portal stops.</summary>
    public async Task RecordAttemptAsync(RelayMessage message, SendOutcome outcome, bool permanent, DateTimeOffset startedAt)
    {
        var now = time.GetUtcNow();
        RelayMessage? row = null;
        await writer.WriteAsync(db =>
        {
            row = db.RelayMessages.SingleOrDefault(m => m.Id == message.Id);
            if (row is null)
                return; // deleted by an admin while it was being sent
            row.Attempts++;
            row.LastAttemptAt = startedAt;
            row.LastReply = Truncate(outcome.ServerReply, 1000);
            row.LastCategory = outcome.Category;
            row.LastReasonCode = outcome.Succeeded ? null : outcome.Category.ToString();
            row.LastReason = outcome.Succeeded ? null : Truncate(outcome.Summary, 1000);
            if (outcome.Succeeded)
                Finish(db, row, RelayMessageStatus.Delivered, now);
            else if (permanent)
                Finish(db, row, RelayMessageStatus.Failed, now);
            else if (now + RetrySchedule.After(row.Attempts) > row.ExpiresAt)
            {
                row.LastReasonCode = RelayReasons.Expired;
                row.LastReason = $"Gave up after {options.Value.MessageLifetimeHours} hours of retries. Last reason: {row.LastReason}";
                Finish(db, row, RelayMessageStatus.Failed, now);
            }
            else
            {
                row.Status = RelayMessageStatus.Deferred;
                row.NextAttemptAt = now + RetrySchedule.After(row.Attempts);
            }
            db.RelayAttempts.Add(new RelayAttempt
            {
                MessageId = row.Id,
                At = startedAt,
                Delivered = outcome.Succeeded,
                Category = outcome.Category,
                Permanent = permanent,
                ReplyCode = outcome.ReplyCode,
                Reply = Truncate(outcome.ServerReply, 1000),
                Summary = Truncate(outcome.Summary, 1000) ?? "",
                DurationMs = (long)(now - startedAt).TotalMilliseconds,
            });
        });
        if (row is { IsFinished: true })
            folder.Delete(message.BodyFile);
        updates.Notify();
    }

    /// <summary>Puts a claimed message back without an attempt: pacing holds it until
    /// <paramref name="until"/>, the provider is unreachable, or the portal is stopping.</summary>
    public async Task HoldAsync(RelayMessage message, DateTimeOffset until, string? reasonCode, string? reason)
    {
        RelayMessage? row = null;
        await writer.WriteAsync(db =>
        {
            row = db.RelayMessages.SingleOrDefault(m => m.Id == message.Id);
            if (row is null)
                return;
            row.Status = row.Attempts == 0 && reasonCode is null ? RelayMessageStatus.Queued : RelayMessageStatus.Deferred;
            row.NextAttemptAt = until;
            if (reasonCode is not null)
                (row.LastReasonCode, row.LastReason) = (reasonCode, reason);
            if (reasonCode is not null && until > row.ExpiresAt)
            {
                (row.LastReasonCode, row.LastReason) = (RelayReasons.Expired, $"Gave up after {options.Value.MessageLifetimeHours} hours. Last reason: {reason}");
                Finish(db, row, RelayMessageStatus.Failed, time.GetUtcNow());
            }
        });
        if (row is { IsFinished: true })
            folder.Delete(message.BodyFile);
        updates.Notify();
    }

    /// <summary>After a crash: claimed messages go back to the queue, files that never got a row
    /// (no 250 was sent for them) are removed, and a row whose file is gone fails with that reason.</summary>
    public async Task<int> RecoverAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var requeued = await db.RelayMessages.Where(m => m.Status == RelayMessageStatus.Sending)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.Status, m => m.Attempts == 0 ? RelayMessageStatus.Queued : RelayMessageStatus.Deferred), ct);
        var referenced = (await db.RelayMessages.Where(m => m.BodyFile != null).Select(m => new { m.Id, m.BodyFile }).ToListAsync(ct))
            .ToDictionary(m => m.BodyFile!, m => m.Id);
        foreach (var orphan in folder.Names().Where(name => !referenced.ContainsKey(name)).ToList())
            folder.Delete(orphan);
        var missing = referenced.Where(r => !folder.Exists(r.Key)).Select(r => r.Value).ToList();
        if (missing.Count > 0)
        {
            var now = time.GetUtcNow();
            await db.RelayMessages.Where(m => missing.Contains(m.Id)).ExecuteUpdateAsync(u => u
                .SetProperty(m => m.Status, RelayMessageStatus.Failed)
                .SetProperty(m => m.BodyFile, (string?)null)
                .SetProperty(m => m.FinishedAt, now)
                .SetProperty(m => m.LastReasonCode, RelayReasons.BodyMissing)
                .SetProperty(m => m.LastReason, "The message's file is missing from the queue folder (data/relay/queue), so it cannot be sent."), ct);
            logger.LogError("{Count} queued messages have no file in {Folder} and were marked failed.", missing.Count, folder.Path);
        }
        if (requeued > 0)
            logger.LogWarning("{Count} messages were being sent when the portal stopped; they are queued again.", requeued);
        return requeued;
    }

    /// <summary>The admin changed the settings or the sign-in: messages deferred for any reason
    /// are tried at once instead of at their next retry.</summary>
    public async Task<int> RetryDeferredNowAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var count = await db.RelayMessages
            .Where(m => m.Status == RelayMessageStatus.Deferred && m.NextAttemptAt > now)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.NextAttemptAt, now), ct);
        if (count > 0)
            signal.Wake();
        return count;
    }

    /// <summary>Drops send-log lines older than the retention (finished ones only).</summary>
    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        var before = time.GetUtcNow() - TimeSpan.FromDays(options.Value.LogRetentionDays);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var old = db.RelayMessages.Where(m => m.FinishedAt != null && m.FinishedAt < before);
        await db.RelayAttempts.Where(a => old.Any(m => m.Id == a.MessageId)).ExecuteDeleteAsync(ct);
        var purged = await old.ExecuteDeleteAsync(ct);
        await db.RelayRefusals.Where(r => r.At < before).ExecuteDeleteAsync(ct);
        if (purged > 0)
            updates.Notify(); // an open send log drops the lines too
        return purged;
    }

    /// <summary>Delivered or failed: the body goes (the log line stays).</summary>
    internal static void Finish(PortalDbContext db, RelayMessage row, RelayMessageStatus status, DateTimeOffset now)
    {
        row.Status = status;
        row.FinishedAt = now;
        row.BodyFile = null;
        if (row.BodyInDatabase)
        {
            db.RelayMessageBodies.Remove(new RelayMessageBody { MessageId = row.Id });
            row.BodyInDatabase = false;
        }
    }

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}

/// <summary>Reason codes of the relay's own (besides the diagnosis' categories), which the pages
/// render in the admin's language.</summary>
public static class RelayReasons
{
    public const string Expired = "Expired";
    public const string BodyMissing = "BodyMissing";
    public const string Paced = "Paced";
}

/// <summary>Wakes the delivery loop when there is something to send.</summary>
public sealed class QueueSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Wake()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Woken already.
            }
        }
    }

    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken ct)
    {
        using var timer = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, ct);
        try
        {
            await _signal.WaitAsync(linked.Token);
            return true;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }
}
