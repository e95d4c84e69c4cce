using SmtpPortal.Providers;

namespace SmtpPortal.Hosting;

/// <summary>
/// Start-up checks whose only outcome is a line in the log — whether the operator's presets file
/// is valid, whether the key ring still decrypts the stored secrets, whether the pages' static
/// files are there — run in the background a
/// moment after the portal listens, not before it: they need the provider catalog and EF Core's
/// first use (~0.3 s of CPU), and on a one- or two-core server they would otherwise share the CPU
/// with the first page after a restart (measured: +0.3–0.6 s to the first response on two
/// cores). They also warm EF Core up for the admin's first sign-in.
/// </summary>
internal sealed class AfterStartChecks(IServiceProvider services, ILogger<AfterStartChecks> logger)
    : IHostedLifecycleService
{
    /// <summary>Long enough for the first page after a restart, short enough that the log
    /// reports a problem while the operator still watches the start.</summary>
    internal static readonly TimeSpan Pause = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource _stopping = new();
    private Task _checks = Task.CompletedTask;

    /// <summary>Completes when the checks have run (tests wait for it).</summary>
    internal Task Finished => _checks;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        _checks = Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _checks;
    }

    private async Task RunAsync()
    {
        try
        {
            await Task.Delay(Pause, _stopping.Token);
            StaticAssetFiles.ReportMissing(services, logger);
            logger.LogInformation("Provider catalog: {Count} presets.", services.GetRequiredService<ProviderCatalog>().All.Count);
            await services.WarnIfStoredSecretIsUnreadableAsync(_stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The portal stopped before the checks ran or finished: nothing to report.
        }
        catch (Exception error)
        {
            logger.LogError(error, "A start-up check failed; the portal keeps running.");
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
