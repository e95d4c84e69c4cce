using SmtpPortal.Providers;

namespace SmtpPortal.Relay.Delivery;

/// <summary>Whether a message may go to the provider now, or when it may.</summary>
public sealed record PaceDecision(bool Go, DateTimeOffset Until, string? Limit, int? LimitValue)
{
    internal object? Reservation { get; init; }
}

/// <summary>
/// Keeps the relay's deliveries under the provider's published limits (messages a minute,
/// messages and recipients a day, as rolling windows): a message that would cross one waits until
/// the window has room. One app's newsletter must not get the server's only mail account
/// suspended. Counts what this portal delivered; it cannot see mail the account sends elsewhere.
/// </summary>
public sealed class SendingPace(TimeProvider time)
{
    public const string MessagesPerMinute = nameof(SendingLimit.MessagesPerMinute);
    public const string MessagesPerDay = nameof(SendingLimit.MessagesPerDay);
    public const string RecipientsPerDay = nameof(SendingLimit.RecipientsPerDay);

    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private readonly LinkedList<Sent> _sent = new();
    private SendingLimit _limit = SendingLimit.None;

    /// <summary>Whether deliveries must be counted: the provider publishes a rate or daily limit.</summary>
    public static bool Applies(SendingLimit limit) =>
        limit.MessagesPerMinute is not null || limit.MessagesPerDay is not null || limit.RecipientsPerDay is not null;

    /// <summary>Starts counting for a provider, from what was delivered in the last day.</summary>
    public void Reset(SendingLimit limit, IEnumerable<(DateTimeOffset At, int Recipients)> deliveredLastDay)
    {
        lock (_gate)
        {
            _limit = limit;
            _sent.Clear();
            foreach (var (at, recipients) in deliveredLastDay.OrderBy(d => d.At))
                _sent.AddLast(new Sent(at, recipients));
        }
    }

    /// <summary>Reserves room for a message of <paramref name="recipients"/> recipients, or says
    /// until when it must wait and which limit holds it.</summary>
    public PaceDecision TryReserve(int recipients)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (!Applies(_limit))
                return new PaceDecision(true, now, null, null);
            while (_sent.First is { } oldest && oldest.Value.At <= now - Day)
                _sent.RemoveFirst();
            if (_limit.MessagesPerMinute is { } perMinute)
            {
                var lastMinute = _sent.Where(s => s.At > now - Minute).ToList();
                if (lastMinute.Count >= perMinute)
                    return new PaceDecision(false, lastMinute[lastMinute.Count - perMinute].At + Minute, MessagesPerMinute, perMinute);
            }
            if (_limit.MessagesPerDay is { } perDay && _sent.Count >= perDay)
                return new PaceDecision(false, _sent.ElementAt(_sent.Count - perDay).At + Day, MessagesPerDay, perDay);
            if (_limit.RecipientsPerDay is { } recipientsPerDay)
            {
                var total = _sent.Sum(s => s.Recipients);
                // A message larger than the whole allowance goes alone into an empty window.
                if (total > 0 && total + recipients > recipientsPerDay)
                {
                    var freed = 0;
                    foreach (var sent in _sent)
                    {
                        freed += sent.Recipients;
                        if (total - freed + recipients <= recipientsPerDay || freed == total)
                            return new PaceDecision(false, sent.At + Day, RecipientsPerDay, recipientsPerDay);
                    }
                }
            }
            var reservation = _sent.AddLast(new Sent(now, recipients));
            return new PaceDecision(true, now, null, null) { Reservation = reservation };
        }
    }

    /// <summary>Gives back the room of a message that did not go out after all.</summary>
    public void Release(PaceDecision decision)
    {
        if (decision.Reservation is not LinkedListNode<Sent> node)
            return;
        lock (_gate)
        {
            if (node.List == _sent)
                _sent.Remove(node);
        }
    }

    private readonly record struct Sent(DateTimeOffset At, int Recipients);
}
