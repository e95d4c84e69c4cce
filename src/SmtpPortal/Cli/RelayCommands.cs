using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using SmtpPortal.Relay;
using SmtpPortal.Smtp;

namespace SmtpPortal.Cli;

/// <summary><c>relay on | off | status</c>, <c>relay apps …</c> and <c>relay queue …</c>: the
/// Relay and Sent mail pages, for scripts. The switch is stored; the running portal notices it
/// within <see cref="RelayListenerService.PollInterval"/>.</summary>
internal static class RelayCommands
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static Command Create(CommandContext context)
    {
        var command = new Command("relay", "The mail relay for this server's apps: switch it, manage app logins, see and act on the queue.")
        {
            Switch(context, "on", true),
            Switch(context, "off", false),
            Status(context),
            RelayAppCommands.Create(context),
            RelayQueueCommands.Create(context),
        };
        return command;
    }

    private static Command Switch(CommandContext context, string name, bool on)
    {
        var command = new Command(name, on ? "Turn the relay on: apps can send through it." : "Turn the relay off: it stops accepting mail (queued mail is still delivered).");
        command.SetAction((_, ct) => context.RunAsync(async services =>
        {
            var changed = await services.GetRequiredService<RelayStateStore>().SetEnabledAsync(on, SettingsCommands.Actor, ct);
            var endpoints = string.Join(", ", services.GetRequiredService<Microsoft.Extensions.Options.IOptions<RelayOptions>>().Value.ListenEndpoints);
            context.Console.Out.WriteLine((changed, on) switch
            {
                (true, true) => $"The relay is on. A running portal listens on {endpoints} within {RelayListenerService.PollInterval.TotalSeconds:0} seconds (a stopped one at its next start).",
                (true, false) => $"The relay is off. A running portal stops accepting mail within {RelayListenerService.PollInterval.TotalSeconds:0} seconds; queued mail is still delivered.",
                (false, true) => "The relay was already on.",
                (false, false) => "The relay was already off.",
            });
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Status(CommandContext context)
    {
        var json = JsonOption();
        var command = new Command("status", "Show whether the relay is on, where it listens, its certificate, app logins and the queue.") { json };
        command.SetAction((parsed, ct) => context.RunAsync(async services =>
        {
            var state = await services.GetRequiredService<RelayStateStore>().GetAsync(ct);
            var settings = services.GetRequiredService<RelayAppSettings>();
            var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<RelayOptions>>().Value;
            var certificate = services.GetRequiredService<RelayCertificate>();
            var apps = await services.GetRequiredService<RelayAppStore>().ListAsync(ct);
            var figures = await services.GetRequiredService<SendLog>().FiguresAsync(DayStart(services), ct);
            var status = new
            {
                enabled = state.Enabled,
                endpoints = options.ListenEndpoints.Select(e => e.ToString()),
                hostForApps = settings.Host,
                port = settings.Port,
                security = settings.Security.ToName(),
                plainAuthNetworks = options.PlainAuthNetworks,
                certificateSha256 = certificate.IsGenerated && !File.Exists(certificate.GeneratedFile) ? null : certificate.Sha256Fingerprint,
                recordSubjects = state.RecordSubjects,
                activeApps = apps.Count(a => a.IsActive),
                revokedApps = apps.Count(a => !a.IsActive),
                queued = figures.QueueLength,
                deliveredToday = figures.DeliveredToday,
                failedToday = figures.FailedToday,
                oldestDeferredSince = figures.OldestDeferredSince,
                lastError = figures.LastError?.LastReason,
            };
            if (parsed.GetValue(json))
            {
                context.Console.Out.WriteLine(JsonSerializer.Serialize(status, Json));
                return ExitCodes.Ok;
            }
            var output = context.Console.Out;
            void Line(string name, object? value) => output.WriteLine($"{name + ":",-14} {value}");
            Line("relay", state.Enabled ? "on" : "off (turn it on with `relay on`)");
            Line("listens on", string.Join(", ", status.endpoints));
            Line("apps connect", $"{settings.Host}:{settings.Port}, {settings.Security.ToName()}");
            Line("certificate", status.certificateSha256 is { } sha ? $"SHA-256 {sha}" : "generated when the relay first starts");
            Line("app logins", $"{status.activeApps} active, {status.revokedApps} revoked");
            Line("queue", $"{figures.QueueLength} waiting" + (figures.OldestDeferredSince is { } since ? $", deferred since {Utc(since)}" : ""));
            Line("today", $"{figures.DeliveredToday} delivered, {figures.FailedToday} failed");
            if (figures.LastError is { } error)
                Line("last error", $"{Utc(error.LastAttemptAt ?? error.AcceptedAt)} message {error.Id}: {error.LastReason}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    internal static Option<bool> JsonOption() => new("--json") { Description = "Print JSON, for scripts." };

    internal static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>Midnight today in the server's time zone.</summary>
    internal static DateTimeOffset DayStart(IServiceProvider services)
    {
        var time = services.GetRequiredService<TimeProvider>();
        var local = time.GetLocalNow();
        return new DateTimeOffset(local.Date, local.Offset);
    }
}
