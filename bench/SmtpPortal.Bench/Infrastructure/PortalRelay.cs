using System.Globalization;
using System.Text.Json;

namespace SmtpPortal.Bench.Infrastructure;

/// <summary>A relay the bench sends through: SmtpPortal's or Postfix.</summary>
public interface IRelayUnderTest
{
    string Name { get; }
    int Port { get; }
    string User { get; }
    string Secret { get; }
    Task KillAsync();
    Task RestartAsync();
    MemoryUse Memory();

    /// <summary>CPU time its processes used so far (user + system; children that ended included).</summary>
    TimeSpan CpuTime();
}

/// <summary>CPU time from /proc/PID/stat, in clock ticks of 10 ms.</summary>
public static class ProcessCpu
{
    /// <summary>CPU time of the threads of <paramref name="pid"/> whose name starts with
    /// <paramref name="threadName"/> (Linux keeps the first 15 characters of a thread's name).</summary>
    public static TimeSpan OfThreads(int pid, string threadName)
    {
        var prefix = threadName.Length > 15 ? threadName[..15] : threadName;
        var tasks = Directory.Exists($"/proc/{pid}/task") ? Directory.GetDirectories($"/proc/{pid}/task") : [];
        long ticks = 0;
        foreach (var task in tasks)
        {
            try
            {
                if (!File.ReadAllText(Path.Combine(task, "comm")).StartsWith(prefix, StringComparison.Ordinal))
                    continue;
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
            }
        }
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    public static TimeSpan Of(IEnumerable<int> pids, bool withEndedChildren)
    {
        long ticks = 0;
        foreach (var pid in pids)
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                // Fields 14-17 of stat (utime, stime, cutime, cstime) are 11-14 after the name.
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                if (withEndedChildren)
                    ticks += long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
            }
        }
        return TimeSpan.FromMilliseconds(ticks * 10);
    }
}

/// <summary>Resident (RSS) and proportional (PSS: shared pages split between the processes that
/// share them) memory of a set of processes, in bytes. PSS is what a multi-process server really
/// costs; for one process the two are close.</summary>
public sealed record MemoryUse(long Rss, long Pss, int Processes)
{
    public static MemoryUse Of(IEnumerable<int> pids)
    {
        long rss = 0, pss = 0;
        var count = 0;
        foreach (var pid in pids)
        {
            try
            {
                foreach (var line in File.ReadLines($"/proc/{pid}/smaps_rollup"))
                {
                    if (line.StartsWith("Rss:", StringComparison.Ordinal))
                        rss += Kilobytes(line) * 1024;
                    else if (line.StartsWith("Pss:", StringComparison.Ordinal))
                        pss += Kilobytes(line) * 1024;
                }
                count++;
            }
            catch (IOException)
            {
                // The process ended between the listing and the read.
            }
        }
        return new MemoryUse(rss, pss, count);
    }

    public static MemoryUse Max(MemoryUse a, MemoryUse b) => new(Math.Max(a.Rss, b.Rss), Math.Max(a.Pss, b.Pss), Math.Max(a.Processes, b.Processes));

    private static long Kilobytes(string line) => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}

/// <summary>
/// The published portal with its relay on, relaying to the provider (the sink): set up through
/// its own command line, as an operator would (settings set, relay on, relay apps add).
/// </summary>
public sealed class PortalRelay : IRelayUnderTest, IAsyncDisposable
{
    private readonly PublishedApps _apps;
    private readonly string _data;
    private RunningApp? _app;

    private PortalRelay(PublishedApps apps, string data, int port)
    {
        _apps = apps;
        _data = data;
        Port = port;
    }

    public string Name => "SmtpPortal";
    public int Port { get; }
    public string User { get; private set; } = "";
    public string Secret { get; private set; } = "";
    public int? ProcessId => _app?.ProcessId;

    /// <summary>The relay's connections to the provider (<c>SmtpPortal:Relay:DeliveryConnections</c>);
    /// null: its default. Applies from the next restart.</summary>
    public int? DeliveryConnections { get; set; }

    private Dictionary<string, string> Environment => DeliveryConnections is { } connections
        ? new(BaseEnvironment) { ["SmtpPortal__Relay__DeliveryConnections"] = connections.ToString(CultureInfo.InvariantCulture) }
        : BaseEnvironment;

    private Dictionary<string, string> BaseEnvironment => new()
    {
        ["SmtpPortal__DataDirectory"] = _data,
        ["SmtpPortal__Relay__Endpoints__0"] = $"127.0.0.1:{Port}",
        // The bench sends thousands of messages in minutes from one app.
        ["SmtpPortal__Relay__MessagesPerHourPerApp"] = "1000000",
        ["Logging__LogLevel__SmtpPortal.Relay"] = "Warning",
    };

    /// <param name="relayOn">False: the portal starts with its relay off (the memory reference).</param>
    public static async Task<PortalRelay> StartAsync(PublishedApps apps, int providerPort, string providerUser, string providerPassword, bool relayOn)
    {
        var relay = new PortalRelay(apps, apps.NewDataDirectory(), ChildProcess.FreePort());
        await relay.CommandAsync(providerPassword, "settings", "set", "--preset", "custom", "--host", "127.0.0.1",
            "--port", providerPort.ToString(CultureInfo.InvariantCulture), "--security", "none", "--username", providerUser,
            "--password-stdin", "--from", "app@example.test");
        var created = JsonDocument.Parse(await relay.CommandAsync(null, "relay", "apps", "add", "Bench", "--from", "app@example.test", "--json")).RootElement;
        relay.User = created.GetProperty("userName").GetString()!;
        relay.Secret = created.GetProperty("secret").GetString()!;
        if (relayOn)
            await relay.CommandAsync(null, "relay", "on");
        await relay.RestartAsync();
        return relay;
    }

    /// <summary>Turns the relay on from the command line; the running portal listens within seconds.</summary>
    public async Task TurnOnAsync()
    {
        await CommandAsync(null, "relay", "on");
        await ChildProcess.WaitUntilListeningAsync(Port);
    }

    public async Task RestartAsync()
    {
        _app = await RunningApp.StartAsync(_apps.PortalExecutable, "/signin", Environment, TimeSpan.FromMinutes(2));
        if (await IsRelayOnAsync())
            await ChildProcess.WaitUntilListeningAsync(Port);
    }

    public async Task KillAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync(); // SIGKILL to the process tree (RunningApp)
        _app = null;
    }

    public MemoryUse Memory() => _app is null ? new MemoryUse(0, 0, 0) : MemoryUse.Of([_app.ProcessId]);

    public TimeSpan CpuTime() => _app is null ? TimeSpan.Zero : ProcessCpu.Of([_app.ProcessId], withEndedChildren: false);

    /// <summary>CPU time of the relay queue's writer thread (SmtpPortal.Relay.QueueWriter), which
    /// runs every queue commit, the app's messages and the delivery records alike.</summary>
    public TimeSpan QueueWriterCpuTime() => _app is null ? TimeSpan.Zero : ProcessCpu.OfThreads(_app.ProcessId, "Relay queue writer");

    private async Task<bool> IsRelayOnAsync() =>
        JsonDocument.Parse(await CommandAsync(null, "relay", "status", "--json")).RootElement.GetProperty("enabled").GetBoolean();

    /// <summary>The published program as a command line (no web server), over the same data directory.</summary>
    private Task<string> CommandAsync(string? input, params string[] arguments) =>
        ChildProcess.RunAsync(_apps.PortalExecutable, arguments, input, Environment, Path.GetDirectoryName(_apps.PortalExecutable));

    public async ValueTask DisposeAsync() => await KillAsync();
}
