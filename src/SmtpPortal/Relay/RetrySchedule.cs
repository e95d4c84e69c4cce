namespace SmtpPortal.Relay;

/// <summary>When a deferred message is tried again: soon after the first failure (a provider's
/// hiccup passes in a minute), then less and less often, at most hourly, until its lifetime ends.</summary>
public static class RetrySchedule
{
    private static readonly TimeSpan[] Delays =
    [
        TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10),
        TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(40), TimeSpan.FromHours(1),
    ];

    /// <param name="attempts">Attempts made so far, the one that just failed included.</param>
    public static TimeSpan After(int attempts) => Delays[Math.Clamp(attempts - 1, 0, Delays.Length - 1)];
}
