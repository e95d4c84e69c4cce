using Microsoft.Extensions.Options;
using SmtpPortal.Providers;
using SmtpPortal.Relay.Listener;
using SmtpPortal.Settings;

namespace SmtpPortal.Relay;

/// <summary>
/// Starts and stops the relay's listener with the portal and with the admin's switch. The switch
/// lives in the database, so a change from the command line (another process) reaches the
/// running portal at its next look, every <see cref="PollInterval"/>; a change from the portal's
/// own page or API applies at once (<see cref="ApplyAsync"/>). Each look also refreshes the limits
/// that follow from the configured provider and writes the counted refusals.
/// </summary>
public sealed class RelayListenerService(
    RelayStateStore states, SmtpSettingsStore settings, SendingLimits limits, RelayRuntime runtime, RelayRefusals refusals,
    SessionServices sessionServices, IOptions<RelayOptions> options, TimeProvider time, ILogger<RelayListenerService> logger)
    : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private RelayListener? _listener;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first look comes one interval after the start, not before the first page is served.
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(PollInterval, time, stoppingToken);
                await ApplyAsync(stoppingToken);
                await refusals.FlushAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "The relay could not refresh its state; it tries again in {Seconds} s.", PollInterval.TotalSeconds);
            }
        }
    }

    /// <summary>Brings the listener in line with the stored switch and provider, now.</summary>
    public async Task ApplyAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var state = await states.GetAsync(ct);
            var limit = limits.For((await settings.GetAsync(ct))?.PresetId);
            var maxBytes = Math.Min(options.Value.MaxMessageBytes, (limit.MaxMessageMegabytes ?? int.MaxValue) * 1024L * 1024L);
            var maxRecipients = Math.Min(options.Value.MaxRecipients, limit.RecipientsPerMessage ?? int.MaxValue);
            string? problem = null;
            if (state.Enabled && _listener is null)
                problem = TryStart();
            else if (!state.Enabled && _listener is not null)
                await StopListenerAsync();
            runtime.Current = new RelaySnapshot(state.Enabled, state.RecordSubjects, maxBytes, maxRecipients, _listener?.LocalEndpoints ?? [], problem);
        }
        finally
        {
            _gate.Release();
        }
    }

    private string? TryStart()
    {
        var endpoints = options.Value.ListenEndpoints;
        try
        {
            _ = sessionServices.Certificate.Get();
            _listener = RelayListener.Start(endpoints, sessionServices);
            logger.LogInformation("The relay listens on {Endpoints}.", string.Join(", ", _listener.LocalEndpoints));
            return null;
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or UnauthorizedAccessException
            or System.Security.Cryptography.CryptographicException)
        {
            var problem = $"The relay cannot listen on {string.Join(", ", endpoints)}: {ex.Message}";
            if (problem != runtime.Current.ListenProblem)
                logger.LogError("{Problem}", problem);
            return problem;
        }
    }

    private async Task StopListenerAsync()
    {
        var listener = _listener;
        _listener = null;
        if (listener is not null)
        {
            await listener.DisposeAsync();
            logger.LogInformation("The relay stopped listening.");
        }
    }

    /// <summary>Without a host (a component test) nothing calls <see cref="StopAsync"/>: the
    /// container's disposal closes the listener then.</summary>
    public override void Dispose()
    {
        var listener = Interlocked.Exchange(ref _listener, null);
        listener?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        // The gate stays usable: a host may still call StopAsync after disposing its services.
        base.Dispose();
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            await StopListenerAsync();
            await refusals.FlushAsync(CancellationToken.None);
        }
        finally
        {
            _gate.Release();
        }
    }
}
