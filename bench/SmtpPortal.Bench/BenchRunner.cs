using System.Diagnostics;
using System.Runtime.InteropServices;
using SmtpPortal.Bench.Harnesses;
using SmtpPortal.Bench.Infrastructure;

namespace SmtpPortal.Bench;

/// <summary>Builds the apps and references, runs every harness once, writes the results.</summary>
public static class BenchRunner
{
    public static async Task<Report> RunAsync(BenchSettings settings)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var machine = Machine();
        Console.WriteLine($"SmtpPortal bench{(settings.Smoke ? " (smoke)" : "")}: {machine}");
        var report = new Report(settings);
        try
        {
            // The send and probe harnesses run the portal's code in this process (the project
            // reference, built by `dotnet run`): they need none of the published apps.
            var apps = PublishedAppsNeeded(settings) ? await PublishedApps.BuildAsync(settings) : null;
            var starts = apps is null ? null : new StartAndIdleHarness(settings, apps, report);
            if (settings.Runs("start"))
                await starts!.RunAsync();
            if (settings.Runs("settings"))
                await new RuntimeSettingsHarness(settings, apps!, starts!, report).RunAsync();
            if (settings.Runs("circuits"))
                await new CircuitsHarness(settings, apps!, report).RunAsync();
            if (settings.Runs("send"))
                await new TestSendHarness(settings, report).RunAsync();
            if (settings.Runs("probe"))
                await new PortProbeHarness(settings, report).RunAsync();
            if (settings.Runs("weight"))
                await new PageWeightHarness(apps!, report).RunAsync();
            if (settings.Runs("relay"))
                await new RelayHarness(settings, apps!, report).RunAsync();
            await report.WriteAsync(started, clock.Elapsed, machine);
            Console.WriteLine($"Wrote {settings.ResultsFile} in {clock.Elapsed.TotalMinutes:0.0} min.");
        }
        finally
        {
            if (!settings.KeepWork)
                TryDelete(settings.WorkDirectory);
        }
        return report;
    }

    private static bool PublishedAppsNeeded(BenchSettings settings) =>
        new[] { "start", "settings", "circuits", "weight", "relay" }.Any(settings.Runs);

    private static string Machine()
    {
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
        var memoryGb = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024d / 1024d / 1024d;
        return $"Machine: {Environment.ProcessorCount} cores, {memoryGb:0} GB, {RuntimeInformation.OSDescription.Trim()}, "
            + $".NET {Environment.Version}, load average {load} at the start.";
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
