using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmtpPortal.Data;
using SmtpPortal.Fallback;
using SmtpPortal.OAuth;
using SmtpPortal.Providers;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;

namespace SmtpPortal.Relay.Delivery;

/// <summary>
/// Delivers the queue through the configured provider in the background, with up to
/// <see cref="RelayOptions.DeliveryConnections"/> connections that each stay open for the next
/// message; how many of them a burst uses is found by feedback (<see cref="DeliveryConcurrency"/>).
/// Transient failures are retried (<see cref="RetrySchedule"/>), permanent ones stop at once;
/// when the provider cannot be reached or refuses the login, the others wait too instead of each
/// knocking (a storm of failed logins can lock the account). A change of the settings or the OAuth
/// sign-in retries deferred mail at once, so a fixed password needs no app to do anything.
/// </summary>
public sealed class RelayDeliveryService(
    RelayQueue queue, QueueSignal signal, ProviderDelivery delivery, ProviderFailover failover, SendingPace pace, SendingLimits limits,
    SmtpSettingsStore settings, OAuthGrantStore grants, IDbContextFactory<PortalDbContext> dbFactory,
    IOptions<RelayOptions> options, TimeProvider time, ILogger<RelayDeliveryService> logger) : BackgroundService
{
    /// <summary>How often the queue is looked at when nothing wakes the loop (another process may
    /// have asked for a retry; settings may have changed).</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    /// <summary>A provider connection left idle this long is closed.</summary>
    public static readonly TimeSpan IdleConnection = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan PurgeInterval = TimeSpan.FromHours(1);

    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _opening = new(1, 1);
    private readonly DeliveryConcurrency _concurrency = new(options.Value.DeliveryConnections);
    private volatile bool _moreDue;
    private DateTimeOffset _pausedUntil;
    private SendOutcome? _pauseReason;
    private int _pauses;
    private string? _configuration;
    private string? _pacedPreset;
    private DateTimeOffset _nextPurge;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lanes = _concurrency.Most;
        var work = Channel.CreateBounded<RelayMessage>(lanes * 2);
        Task[] workers = [];
        try
        {
            await queue.RecoverAsync(stoppingToken);
            workers = [.. Enumerable.Range(0, lanes).Select(lane => Task.Run(() => WorkAsync(lane, work.Reader, stoppingToken), CancellationToken.None))];
            while (!stoppingToken.IsCancellationRequested)
            {
                await HousekeepAsync(stoppingToken);
                // Also while paused: the workers then hold each message with the reason, for the send log.
                var wanted = _concurrency.Allowed * 2;
                var claimed = await queue.ClaimDueAsync(wanted);
                _moreDue = claimed.Count == wanted;
                if (claimed.Count == 0 && delivery.OpenSessions == 0)
                    _concurrency.Reset(); // the burst is over: every connection idled out
                foreach (var message in claimed)
                    await work.Writer.WriteAsync(message, stoppingToken);
                if (claimed.Count == wanted)
                    continue;
                await signal.WaitAsync(await WaitTimeAsync(stoppingToken), time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            work.Writer.TryComplete();
            await Task.WhenAll(workers);
            // Claimed but not started: back to the queue, as they were.
            while (work.Reader.TryRead(out var left))
                await queue.HoldAsync(left, left.NextAttemptAt, null, null);
        }
    }

    private async Task WorkAsync(int lane, ChannelReader<RelayMessage> messages, CancellationToken stopping)
    {
        ProviderSession? session = null;
        try
        {
            while (true)
            {
                if (!_concurrency.MayDeliver(lane))
                {
                    session?.Dispose();
                    session = null;
                    await _concurrency.WaitForTurnAsync(lane, stopping);
                }
                var message = await NextAsync(messages, session is not null, stopping);
                if (message is null)
                {
                    session?.Dispose();
                    session = null;
                    if (!await messages.WaitToReadAsync(stopping))
                        return;
                    continue;
                }
                if (stopping.IsCancellationRequested)
                {
                    await queue.HoldAsync(message, message.NextAttemptAt, null, null);
                    continue;
                }
                session = await DeliverAsync(message, session, messages);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "A relay delivery worker failed; the others go on.");
        }
        finally
        {
            session?.Dispose();
        }
    }

    /// <summary>The next claimed message; null when an open connection has idled long enough to close.</summary>
    private async Task<RelayMessage?> NextAsync(ChannelReader<RelayMessage> messages, bool connectionOpen, CancellationToken stopping)
    {
        if (messages.TryRead(out var ready))
            return ready;
        if (!connectionOpen)
            return await messages.ReadAsync(stopping);
        using var idle = new CancellationTokenSource(IdleConnection, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(idle.Token, stopping);
        try
        {
            return await messages.ReadAsync(linked.Token);
        }
        catch (OperationCanceledException) when (idle.IsCancellationRequested && !stopping.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>One attempt for one message; returns the connection to keep for the next.</summary>
    /// <param name="waiting">the claimed messages no worker has taken yet (with <see cref="_moreDue"/>:
    /// whether mail waits for a connection)</param>
    private async Task<ProviderSession?> DeliverAsync(RelayMessage message, ProviderSession? session, ChannelReader<RelayMessage> waiting)
    {
        if (PausedUntil() is { } paused)
        {
            await queue.HoldAsync(message, paused, _pauseReason?.Category.ToString(),
                $"Waiting: the last attempt to reach the provider failed: {_pauseReason?.Summary}");
            return session;
        }
        var decision = pace.TryReserve(message.RecipientCount);
        if (!decision.Go)
        {
            await queue.HoldAsync(message, decision.Until, $"{RelayReasons.Paced}:{decision.Limit}",
                $"Held back to stay under the provider's limit of {decision.LimitValue} ({decision.Limit}); next attempt at {decision.Until:u}.");
            return session;
        }
        var started = time.GetUtcNow();
        await using var body = await queue.OpenBodyAsync(message, CancellationToken.None);
        if (body is null)
        {
            pace.Release(decision);
            await queue.RecordAttemptAsync(message, SendOutcome.Failed(SmtpFailureCategory.Unknown) with
                { Summary = "The message's content is missing (its file in data/relay/queue or its row), so it cannot be sent." },
                permanent: true, started);
            return session;
        }
        if (session is not { IsUsable: true } || session.Route != failover.Route)
        {
            session?.Dispose();
            (session, var problem) = await OpenOneAtATimeAsync();
            if (session is null)
            {
                pace.Release(decision);
                if (problem is null && PausedUntil() is { } pauseEnds)
                    await queue.HoldAsync(message, pauseEnds, _pauseReason?.Category.ToString(),
                        $"Waiting: the last attempt to reach the provider failed: {_pauseReason?.Summary}");
                else if (problem is null)
                {
                    // Back to the queue for a connection that works, and a look at the queue now.
                    await queue.HoldAsync(message, time.GetUtcNow(), null, null);
                    signal.Wake();
                }
                else
                    await queue.RecordAttemptAsync(message, problem, permanent: false, started);
                return null;
            }
        }
        var outcome = await session!.SendAsync(body, message.EnvelopeFrom, message.RecipientList);
        if (outcome.Succeeded)
        {
            Resume();
            _concurrency.Delivered(moreWaiting: waiting.Count > 0 || _moreDue);
        }
        else
            pace.Release(decision);
        var permanent = ProviderDelivery.IsPermanent(outcome);
        if (session.Route == ProviderRoute.Main)
        {
            if (outcome.Succeeded)
                failover.MainWorked();
            else if (!permanent && await failover.MainFailedAsync(outcome, CancellationToken.None))
            {
                session.Dispose();
                session = null;
            }
        }
        await queue.RecordAttemptAsync(message, outcome, permanent, started);
        if (!outcome.Succeeded)
            logger.LogWarning("Relay message {Id} not delivered ({Category}{Final}): {Summary}",
                message.Id, outcome.Category, permanent ? ", final" : ", will retry", outcome.Summary);
        return session is { IsUsable: true } ? session : null;
    }

    /// <summary>Opens a provider connection, one worker at a time: when it fails, the workers
    /// waiting behind it see the pause instead of each trying (and failing) to log in too.
    /// Returns neither a session nor a problem when a pause began meanwhile, or when the provider
    /// refused one more connection while others work.</summary>
    private async Task<(ProviderSession?, SendOutcome?)> OpenOneAtATimeAsync()
    {
        await _opening.WaitAsync();
        try
        {
            if (PausedUntil() is not null)
                return (null, null);
            var route = failover.Route;
            var (session, problem) = await delivery.OpenAsync(route, CancellationToken.None);
            if (problem is not null && ProviderDelivery.TurnedAway(problem) && delivery.OpenSessions is > 0 and var open)
            {
                // The others work: this is the provider's limit on connections, not a fault.
                _concurrency.Refused(open);
                logger.LogInformation("The provider refused one more connection ({Category}: {Summary}); the relay keeps to {Open} for this burst.",
                    problem.Category, problem.Summary, open);
                return (null, null);
            }
            if (route == ProviderRoute.Main && problem is null)
                failover.MainWorked();
            else if (route == ProviderRoute.Main
                     && (await failover.MainFailedAsync(problem!, CancellationToken.None) || failover.Route == ProviderRoute.Fallback))
            {
                // Switched (by this failure, or by the housekeeping while it was being found): the
                // fallback at once, and the mail that waited for the main provider with it.
                (session, problem) = await delivery.OpenAsync(ProviderRoute.Fallback, CancellationToken.None);
                var retried = await queue.RetryDeferredNowAsync(CancellationToken.None);
                logger.LogInformation("{Count} deferred relay messages are tried again through the fallback provider.", retried);
            }
            if (problem is not null)
                Pause(problem);
            return (session, problem);
        }
        finally
        {
            _opening.Release();
        }
    }

    /// <summary>Settings changes, the pacing provider and the retention purge.</summary>
    private async Task HousekeepAsync(CancellationToken ct)
    {
        var current = await settings.GetAsync(ct);
        var grant = await grants.GetSummaryAsync(ct);
        await failover.RefreshAsync(current, grant, ct);
        // A switch of provider, like new settings, is a reason to try the waiting mail now.
        var configuration = $"{current?.Revision}|{current?.PresetId}|{grant?.SignedInAt:O}|{failover.Route}";
        if (_configuration is not null && configuration != _configuration)
        {
            Resume();
            var retried = await queue.RetryDeferredNowAsync(ct);
            if (retried > 0)
                logger.LogInformation("The SMTP settings changed: {Count} deferred relay messages are tried again now.", retried);
        }
        _configuration = configuration;
        if (current?.PresetId != _pacedPreset)
        {
            _pacedPreset = current?.PresetId;
            var limit = limits.For(_pacedPreset);
            pace.Reset(limit, SendingPace.Applies(limit) ? await DeliveredLastDayAsync(ct) : []);
        }
        if (time.GetUtcNow() >= _nextPurge)
        {
            _nextPurge = time.GetUtcNow() + PurgeInterval;
            await queue.PurgeAsync(ct);
        }
    }

    private async Task<List<(DateTimeOffset, int)>> DeliveredLastDayAsync(CancellationToken ct)
    {
        var since = time.GetUtcNow() - TimeSpan.FromDays(1);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.RelayMessages.Where(m => m.Status == RelayMessageStatus.Delivered && m.FinishedAt >= since)
            .Select(m => new { m.FinishedAt, m.RecipientCount }).ToListAsync(ct);
        return [.. rows.Select(r => (r.FinishedAt!.Value, r.RecipientCount))];
    }

    private async Task<TimeSpan> WaitTimeAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var next = PausedUntil() ?? await queue.NextDueAsync(ct);
        var wait = next is { } due ? due - now : PollInterval;
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > PollInterval ? PollInterval : wait;
    }

    private DateTimeOffset? PausedUntil()
    {
        lock (_gate)
            return _pausedUntil > time.GetUtcNow() ? _pausedUntil : null;
    }

    /// <summary>The provider could not be reached or refused the login: everyone waits, longer
    /// after each failure in a row, as the messages' own retries do.</summary>
    private void Pause(SendOutcome why)
    {
        lock (_gate)
        {
            _pauses++;
            _pausedUntil = time.GetUtcNow() + RetrySchedule.After(_pauses);
            _pauseReason = why;
        }
    }

    private void Resume()
    {
        lock (_gate)
        {
            _pauses = 0;
            _pausedUntil = default;
            _pauseReason = null;
        }
    }
}
