namespace SmtpPortal.Relay.Delivery;

/// <summary>
/// How many connections to the provider the relay uses right now, found by feedback as Postfix
/// finds a destination's concurrency: a burst starts on <see cref="Start"/> connections and gains
/// one each time as many messages as there are connections were delivered while more waited, up to
/// <see cref="Most"/>; a provider that refuses one more connection while the others work keeps the
/// relay at what works for the rest of the burst (no probing again: each probe would be one more
/// refused connection or login on the account). Once nothing is due and every connection has idled
/// out it starts over, so a quiet trickle never holds more than <see cref="Start"/> connections to
/// the one account every app depends on.
/// Delivery worker <c>lane</c> (0-based) sends only while <c>lane &lt; Allowed</c>.
/// </summary>
public sealed class DeliveryConcurrency
{
    /// <summary>Connections a burst starts with (Postfix starts a destination at 5).</summary>
    public const int StartConnections = 4;

    private readonly Lock _gate = new();
    private int _allowed;
    private int _ceiling;
    private int _deliveredAtThisLevel;
    private TaskCompletionSource _raised = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DeliveryConcurrency(int most)
    {
        Most = most;
        Start = Math.Min(StartConnections, most);
        _allowed = Start;
        _ceiling = most;
    }

    public int Most { get; }
    public int Start { get; }

    public int Allowed
    {
        get { lock (_gate) return _allowed; }
    }

    public bool MayDeliver(int lane)
    {
        lock (_gate)
            return lane < _allowed;
    }

    /// <summary>Returns once <paramref name="lane"/> may deliver.</summary>
    public async Task WaitForTurnAsync(int lane, CancellationToken ct)
    {
        while (true)
        {
            Task raised;
            lock (_gate)
            {
                if (lane < _allowed)
                    return;
                raised = _raised.Task;
            }
            await raised.WaitAsync(ct);
        }
    }

    /// <summary>A message reached the provider; <paramref name="moreWaiting"/> when claimed mail
    /// waits for a free connection.</summary>
    public void Delivered(bool moreWaiting)
    {
        lock (_gate)
        {
            if (!moreWaiting || _allowed >= _ceiling || ++_deliveredAtThisLevel < _allowed)
                return;
            _allowed++;
            _deliveredAtThisLevel = 0;
            _raised.TrySetResult();
            _raised = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>The provider refused one more connection while <paramref name="open"/> others
    /// worked: the relay stays at those (at least one).</summary>
    public void Refused(int open)
    {
        lock (_gate)
        {
            _allowed = Math.Clamp(open, 1, _allowed);
            _ceiling = _allowed;
            _deliveredAtThisLevel = 0;
        }
    }

    /// <summary>The burst is over: the next one starts over at <see cref="Start"/>.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _allowed = Start;
            _ceiling = Most;
            _deliveredAtThisLevel = 0;
        }
    }
}
