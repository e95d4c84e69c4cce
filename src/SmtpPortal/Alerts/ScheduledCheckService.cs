using Microsoft.Extensions.Options;

namespace SmtpPortal.Alerts;

/// <summary>Runs <see cref="ScheduledCheck"/> every interval, on the injected clock. The next run
/// is due one interval after the last one recorded, so a restart neither skips nor repeats a day.</summary>
public sealed class ScheduledCheckService(
    IServiceProvider services, IOptions<AlertsOptions> options, TimeProvider time, ILogger<ScheduledCheckService> logger)
    : BackgroundService
{
    /// <summary>Raised after every run (the Dashboard and the tests wait for it).</summary>
    public event Action? RunCompleted;

    /// <summary>Raised when the service starts waiting for the next run, with its time.</summary>
    public event Action<DateTimeOffset>? Waiting;

    /// <summary>When the next run is due; null while checks are off or not started.</summary>
    public DateTimeOffset? NextRunAt { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.ScheduledCheckEnabled)
        {
            logger.LogInformation("Scheduled checks are turned off (SmtpPortal:Alerts:ScheduledCheckEnabled)");
            return;
        }
        var check = services.GetRequiredService<ScheduledCheck>();
        var interval = options.Value.CheckInterval;
        var last = (await check.GetLastAsync(stoppingToken))?.StartedAt;
        var next = (last ?? time.GetUtcNow()) + interval;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = next - time.GetUtcNow();
            NextRunAt = next;
            Waiting?.Invoke(next);
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, time, stoppingToken);
            try
            {
                await check.RunAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The next run must still come: a broken run is logged, never the end of checking.
                logger.LogError(ex, "Scheduled check failed to run");
            }
            RunCompleted?.Invoke();
            next = time.GetUtcNow() + interval;
        }
    }
}
