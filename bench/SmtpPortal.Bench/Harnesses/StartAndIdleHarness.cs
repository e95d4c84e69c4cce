using System.Net;
using SmtpPortal.Bench.Infrastructure;

namespace SmtpPortal.Bench.Harnesses;

/// <summary>One start of an app: time to the first 200, and resident memory once it has served
/// its first pages and gone idle.</summary>
public sealed record StartSample(double StartMs, double IdleMb, MemoryBreakdown Memory, double? LiveHeapMb = null)
{
    /// <summary>Process start to Kestrel's "Now listening" line: runtime, host, DI, and the portal's
    /// data preparation (migrations, setup check). The rest of StartMs is the first request.</summary>
    public double? ListeningMs { get; init; }
}

/// <summary>
/// Figures 1 and 2. The bare template and the portal start alternately, each from a cold process
/// (the files are in the page cache after the discarded warm-up start, as on a server that
/// restarts a service). The portal is started over a fresh copy of a data directory in which
/// setup is done, so its sign-in page answers 200 (before setup it redirects to /setup).
/// </summary>
public sealed class StartAndIdleHarness(BenchSettings settings, PublishedApps apps, Report report)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    public async Task RunAsync()
    {
        Console.WriteLine($"Cold start and idle memory: {settings.StartRuns} starts of each app…");
        await MeasureBareAsync(new Dictionary<string, string>());
        await MeasurePortalAsync(apps.PortalExecutable, new Dictionary<string, string>());

        var bare = new List<StartSample>();
        var portal = new List<StartSample>();
        for (var run = 0; run < settings.StartRuns; run++)
        {
            var last = run == settings.StartRuns - 1;
            bare.Add(await MeasureBareAsync(new Dictionary<string, string>(), takeHeap: last));
            portal.Add(await MeasurePortalAsync(apps.PortalExecutable, new Dictionary<string, string>(), takeHeap: last));
        }

        report.Add(new Figure("1. Cold start (process start → first 200)", "ms",
            Stats.Median(portal.Select(s => s.StartMs)), Stats.Median(bare.Select(s => s.StartMs)), 1.15, TargetKind.RatioAtMost,
            "portal: /signin; bare template: /"));
        report.Add(new Figure("2. Idle memory (RSS)", "MB",
            Stats.Median(portal.Select(s => s.IdleMb)), Stats.Median(bare.Select(s => s.IdleMb)), 0.80, TargetKind.RatioAtMost,
            "portal: after /signin, sign-in and a Dashboard render; bare: after its home page"));
        report.Note("1–2. Cold start and idle memory: samples",
            $"Each app started {settings.StartRuns}× alternately after one discarded warm-up start; medians above.\n\n"
            + "| app | start → 200 (ms) | of which start → \"Now listening\" (ms) | idle RSS (MB) |\n|---|---|---|---|\n"
            + string.Join('\n', bare.Select(s => $"| bare template | {s.StartMs:0} | {s.ListeningMs:0} | {s.IdleMb:0.0} |"))
            + "\n" + string.Join('\n', portal.Select(s => $"| SmtpPortal | {s.StartMs:0} | {s.ListeningMs:0} | {s.IdleMb:0.0} |"))
            + $"\n\nWhere the idle memory is (last start of each): bare template — {bare[^1].Memory.Describe()}; "
            + $"live managed heap after a full GC {bare[^1].LiveHeapMb:0.0} MB. "
            + $"SmtpPortal — {portal[^1].Memory.Describe()}; live managed heap after a full GC {portal[^1].LiveHeapMb:0.0} MB.");
    }

    public async Task<StartSample> MeasureBareAsync(IReadOnlyDictionary<string, string> environment, bool takeHeap = false)
    {
        await using var bare = await RunningApp.StartAsync(apps.BareExecutable, "/", environment, StartTimeout);
        var started = bare.StartUpTime;
        await SettleAsync();
        return await SampleAsync(bare, started, takeHeap);
    }

    /// <summary>RSS first: the heap snapshot forces a full GC.</summary>
    private async Task<StartSample> SampleAsync(RunningApp app, TimeSpan started, bool takeHeap)
    {
        var sample = new StartSample(started.TotalMilliseconds, app.ResidentBytes() / 1024d / 1024d, MemoryBreakdown.Read(app.ProcessId))
        {
            ListeningMs = app.FirstLineContaining("Now listening on")?.TotalMilliseconds,
        };
        return takeHeap
            ? sample with { LiveHeapMb = (await HeapSnapshot.TakeAsync(settings.RepositoryRoot, app.ProcessId)).Bytes / 1024d / 1024d }
            : sample;
    }

    /// <summary>Start → 200 on /signin, then sign in through the form and render the Dashboard.</summary>
    public async Task<StartSample> MeasurePortalAsync(
        string executable, IReadOnlyDictionary<string, string> environment, bool takeHeap = false)
    {
        var data = apps.NewDataDirectory();
        var withData = new Dictionary<string, string>(environment) { ["SmtpPortal__DataDirectory"] = data };
        try
        {
            await using var portal = await RunningApp.StartAsync(executable, "/signin", withData, StartTimeout);
            var started = portal.StartUpTime;
            using (var signedIn = await PortalForms.SignInAsync(portal.BaseUrl))
            {
                using var dashboard = await signedIn.GetAsync(portal.BaseUrl + "/");
                var html = await dashboard.Content.ReadAsStringAsync();
                if (dashboard.StatusCode != HttpStatusCode.OK || !html.Contains("Dashboard", StringComparison.Ordinal))
                    throw new InvalidOperationException($"The signed-in Dashboard did not render ({(int)dashboard.StatusCode}).");
            }
            await SettleAsync();
            return await SampleAsync(portal, started, takeHeap);
        }
        finally
        {
            TryDelete(data);
        }
    }

    /// <summary>Idle means the first requests are done and the background work they started
    /// (tiered re-compilation, timers) has had two seconds.</summary>
    private Task SettleAsync() => Task.Delay(settings.Smoke ? TimeSpan.FromMilliseconds(200) : TimeSpan.FromSeconds(2));

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
