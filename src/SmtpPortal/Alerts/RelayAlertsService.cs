namespace SmtpPortal.Alerts;

/// <summary>Evaluates <see cref="RelayAlerts"/> once a minute on the injected clock: a few
/// aggregate queries, so watching costs nothing noticeable, and a delay crosses its threshold
/// within a minute of doing so.</summary>
public sealed class RelayAlertsService(RelayAlerts conditions, TimeProvider time, ILogger<RelayAlertsService> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    /// <summary>Raised after every look at the queue (the tests wait for it).</summary>
    public event Action? Evaluated;

    /// <summary>Raised when the service starts waiting for its next look.</summary>
    public event Action? Waiting;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            Waiting?.Invoke();
            await Task.Delay(Interval, time, stoppingToken);
            try
            {
                await conditions.EvaluateAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The next look must still come: a failed one is logged, never the end of watching.
                logger.LogError(ex, "The relay's alert conditions could not be evaluated");
            }
            Evaluated?.Invoke();
        }
    }
}
