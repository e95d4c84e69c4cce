using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using SmtpPortal.Relay;

namespace SmtpPortal.Alerts;

/// <summary>The relay's alert conditions, evaluated from the queue's figures against the
/// thresholds of <see cref="AlertsOptions"/>: mail delayed (waiting for a retry too long), mail
/// refused (a run of permanent failures with no delivery in between), and a long queue.</summary>
public sealed class RelayAlerts(
    RelayHealth health,
    RelayStateStore relay,
    AlertService alerts,
    IStringLocalizer<RelayReasonWords> reasons,
    IOptions<AlertsOptions> options,
    IOptions<RelayOptions> relayOptions,
    TimeProvider time)
{
    /// <summary>The condition keys (AlertText has their words).</summary>
    public const string Delayed = "RelayDeferred";
    public const string Refused = "RelayFailing";
    public const string QueueLong = "RelayQueue";

    public static readonly IReadOnlyList<string> Keys = [Delayed, Refused, QueueLong];

    /// <summary>Reports the three conditions. While the relay is off nothing new is raised (its
    /// queue is no one's concern then), but a condition raised before still clears when it no
    /// longer holds, so no stale alert outlives the relay. False when there was nothing to look at.</summary>
    public async Task<bool> EvaluateAsync(CancellationToken ct)
    {
        var on = (await relay.GetAsync(ct)).Enabled;
        var raised = (await alerts.FailingAsync(ct)).Select(c => c.Key).Where(Keys.Contains).ToHashSet();
        if (!on && raised.Count == 0)
            return false;
        bool Watched(string key) => on || raised.Contains(key);

        var now = time.GetUtcNow();
        var limits = options.Value;
        var backlog = await health.BacklogAsync(ct);
        var failures = await health.FailuresSinceLastDeliveryAsync(now - limits.RelayFailedWindow, ct);

        if (Watched(Delayed))
        {
            var waited = backlog.OldestDeferredSince is { } since ? now - since : TimeSpan.Zero;
            var delayed = waited > limits.RelayDeferredAge;
            await alerts.ReportAsync(Delayed, delayed, L => delayed
                ? Lines(L["RelayDeferredText", backlog.Deferred, AlertText.Utc(backlog.OldestDeferredSince!.Value), (int)waited.TotalMinutes,
                    limits.RelayDeferredMinutes], Reason(L, backlog.LastReason),
                    L["RelayDeferredAdvice", relayOptions.Value.MessageLifetimeHours])
                : L["RelayDeferredClearedText", limits.RelayDeferredMinutes, backlog.Deferred], ct);
        }
        if (Watched(Refused))
        {
            var refused = failures.Failed >= limits.RelayFailedMessages;
            await alerts.ReportAsync(Refused, refused, L => refused
                ? Lines(L["RelayFailingText", failures.Failed, AlertText.Utc(failures.FirstFailedAt!.Value), limits.RelayFailedWindowMinutes],
                    Reason(L, failures.LastReason), L["RelayFailingAdvice"])
                : failures.LastDeliveredAt is { } delivered
                    ? L["RelayFailingDeliveredText", AlertText.Utc(delivered)]
                    : L["RelayFailingQuietText", limits.RelayFailedMessages, limits.RelayFailedWindowMinutes], ct);
        }
        if (Watched(QueueLong))
        {
            var queueLong = backlog.Waiting > limits.RelayQueueMessages;
            await alerts.ReportAsync(QueueLong, queueLong, L => queueLong
                ? Lines(L["RelayQueueText", backlog.Waiting, limits.RelayQueueMessages, backlog.Deferred], L["RelayQueueAdvice"])
                : L["RelayQueueClearedText", backlog.Waiting, limits.RelayQueueMessages], ct);
        }
        return true;
    }

    /// <summary>The last failure's reason in the channel's language (the send log's words) and the
    /// provider's reply as it came; empty when no attempt gave one.</summary>
    private string Reason(IStringLocalizer L, RelayReasonSeen? seen)
    {
        if (seen?.Code is not { } code)
            return "";
        var line = L["LastReason", RelayReasonWords.Describe(reasons, code)].Value;
        return seen.Reply is { Length: > 0 } reply ? Lines(line, L["ProviderSaid", reply]) : line;
    }

    private static string Lines(params string[] lines) => string.Join("\n", lines.Where(l => l.Length > 0));
}
