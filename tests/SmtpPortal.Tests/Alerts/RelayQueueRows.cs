using Microsoft.EntityFrameworkCore;
using SmtpPortal.Data;
using SmtpPortal.Relay;
using SmtpPortal.Smtp;

namespace SmtpPortal.Tests.Alerts;

/// <summary>Send-log rows written straight into the portal's database, in the states the relay's
/// conditions look at. A waiting row is due only in a week, so the running delivery loop leaves
/// it alone while the test moves the clock.</summary>
internal sealed class RelayQueueRows(IDbContextFactory<PortalDbContext> dbFactory, DateTimeOffset start)
{
    public const string RefusedLogin = "535 5.7.8 Authentication credentials invalid";
    public const string RefusedSender = "550 5.7.1 Sender address rejected: not owned by user";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public Task<IReadOnlyList<long>> DeferredAsync(int count, DateTimeOffset acceptedAt, DateTimeOffset? lastAttemptAt = null, string reply = RefusedLogin) =>
        AddAsync(count, acceptedAt, m =>
        {
            m.Status = RelayMessageStatus.Deferred;
            m.Attempts = 2;
            m.LastAttemptAt = lastAttemptAt ?? acceptedAt;
            m.LastCategory = SmtpFailureCategory.AuthenticationFailed;
            m.LastReasonCode = nameof(SmtpFailureCategory.AuthenticationFailed);
            m.LastReason = "The provider refused the login.";
            m.LastReply = reply;
        });

    public Task<IReadOnlyList<long>> QueuedAsync(int count, DateTimeOffset acceptedAt) =>
        AddAsync(count, acceptedAt, m => m.Status = RelayMessageStatus.Queued);

    public Task<IReadOnlyList<long>> FailedAsync(DateTimeOffset finishedAt, string reply = RefusedSender) =>
        AddAsync(1, finishedAt.AddMinutes(-1), m =>
        {
            m.Status = RelayMessageStatus.Failed;
            m.Attempts = 1;
            m.LastAttemptAt = finishedAt;
            m.FinishedAt = finishedAt;
            m.LastCategory = SmtpFailureCategory.SenderRejected;
            m.LastReasonCode = nameof(SmtpFailureCategory.SenderRejected);
            m.LastReason = "The provider refused the sender.";
            m.LastReply = reply;
        });

    public Task<IReadOnlyList<long>> DeliveredAsync(DateTimeOffset finishedAt) =>
        AddAsync(1, finishedAt.AddMinutes(-1), m =>
        {
            m.Status = RelayMessageStatus.Delivered;
            m.Attempts = 1;
            m.LastAttemptAt = finishedAt;
            m.FinishedAt = finishedAt;
            m.LastCategory = SmtpFailureCategory.None;
        });

    /// <summary>What the delivery loop does when a waiting message finally goes out.</summary>
    public async Task DeliverAsync(IEnumerable<long> ids, DateTimeOffset at)
    {
        var wanted = ids.ToList();
        await using var db = await dbFactory.CreateDbContextAsync(Ct);
        await db.RelayMessages.Where(m => wanted.Contains(m.Id)).ExecuteUpdateAsync(u => u
            .SetProperty(m => m.Status, RelayMessageStatus.Delivered)
            .SetProperty(m => m.FinishedAt, at)
            .SetProperty(m => m.LastReasonCode, (string?)null), Ct);
    }

    public async Task DeleteAsync(long id)
    {
        await using var db = await dbFactory.CreateDbContextAsync(Ct);
        await db.RelayMessages.Where(m => m.Id == id).ExecuteDeleteAsync(Ct);
    }

    private async Task<IReadOnlyList<long>> AddAsync(int count, DateTimeOffset acceptedAt, Action<RelayMessage> state)
    {
        await using var db = await dbFactory.CreateDbContextAsync(Ct);
        var rows = Enumerable.Range(0, count).Select(i =>
        {
            var message = new RelayMessage
            {
                AcceptedAt = acceptedAt,
                AppId = 1,
                AppName = "WordPress",
                EnvelopeFrom = "blog@example.test",
                Recipients = $"reader{i}@example.org",
                RecipientCount = 1,
                SizeBytes = 1200,
                NextAttemptAt = start.AddDays(7),
                ExpiresAt = acceptedAt.AddHours(48),
            };
            state(message);
            return message;
        }).ToList();
        db.RelayMessages.AddRange(rows);
        await db.SaveChangesAsync(Ct);
        return [.. rows.Select(r => r.Id)];
    }
}
