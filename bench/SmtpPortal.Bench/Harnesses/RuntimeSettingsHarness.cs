using SmtpPortal.Bench.Infrastructure;

namespace SmtpPortal.Bench.Harnesses;

/// <summary>
/// The evidence for docs/decisions/0020-runtime-settings.md: the portal's cold start and idle
/// memory under each GC and start-up setting, every variant started the same way as figure 1–2.
/// Runtime knobs are set through DOTNET_ environment variables, which take precedence over the
/// published runtimeconfig.json; ReadyToRun needs its own publish.
/// </summary>
public sealed class RuntimeSettingsHarness(BenchSettings settings, PublishedApps apps, StartAndIdleHarness starts, Report report)
{
    private sealed record Variant(string Name, Dictionary<string, string> Environment, string? Executable = null);

    public async Task RunAsync()
    {
        var flipped = apps.PortalReadyToRunFlippedExecutable;
        var variants = new List<Variant>
        {
            new("as published (the csproj's settings)", []),
            new("concurrent (background) GC on", new() { ["DOTNET_gcConcurrent"] = "1" }),
            new("Server GC without DATAS (GCDynamicAdaptationMode=0)", new() { ["DOTNET_gcServer"] = "1", ["DOTNET_GCDynamicAdaptationMode"] = "0" }),
            new("Workstation GC, non-concurrent", new() { ["DOTNET_gcServer"] = "0", ["DOTNET_gcConcurrent"] = "0" }),
            new("Workstation GC, concurrent", new() { ["DOTNET_gcServer"] = "0", ["DOTNET_gcConcurrent"] = "1" }),
            new("GCConserveMemory=5", new() { ["DOTNET_GCConserveMemory"] = "5" }),
            new("TieredPGO on", new() { ["DOTNET_TieredPGO"] = "1" }),
            new("TieredPGO off", new() { ["DOTNET_TieredPGO"] = "0" }),
            new("TieredCompilation off (everything fully optimised at first call)", new() { ["DOTNET_TieredCompilation"] = "0" }),
            new("W^X off (DOTNET_EnableWriteXorExecute=0; environment only)", new() { ["DOTNET_EnableWriteXorExecute"] = "0" }),
            new("all ReadyToRun code ignored, framework's too (DOTNET_ReadyToRun=0)", new() { ["DOTNET_ReadyToRun"] = "0" }),
            new(apps.PortalIsReadyToRun ? "app published without ReadyToRun" : "app published with ReadyToRun (-r linux-x64)", [], flipped),
            new("Web SDK defaults: Server GC, concurrent, TieredPGO on, no ReadyToRun",
                new() { ["DOTNET_gcServer"] = "1", ["DOTNET_gcConcurrent"] = "1", ["DOTNET_TieredPGO"] = "1" },
                apps.PortalIsReadyToRun ? flipped : null),
        };
        Console.WriteLine($"Runtime settings: {variants.Count} variants × {settings.SettingsRuns} starts…");

        var rows = new List<(Variant Variant, double StartMs, double IdleMb, double AnonymousMb, double DoubleMappedMb)>();
        foreach (var variant in variants)
        {
            var samples = new List<StartSample>();
            for (var run = 0; run < settings.SettingsRuns; run++)
                samples.Add(await starts.MeasurePortalAsync(variant.Executable ?? apps.PortalExecutable, variant.Environment));
            rows.Add((variant, Stats.Median(samples.Select(s => s.StartMs)), Stats.Median(samples.Select(s => s.IdleMb)),
                Stats.Median(samples.Select(s => s.Memory.AnonymousMb)), Stats.Median(samples.Select(s => s.Memory.DoubleMappedMb))));
        }

        var baseline = rows[0];
        report.Note("Runtime settings (evidence for docs/decisions/0020-runtime-settings.md)",
            $"SmtpPortal only, median of {settings.SettingsRuns} starts per variant, measured like figures 1–2 "
            + $"(the portal as published {(apps.PortalIsReadyToRun ? "is" : "is not")} ReadyToRun).\n\n"
            + "| variant | cold start (ms) | idle RSS (MB) | anonymous (MB) | W^X double-mapped code (MB) | start vs published | RSS vs published |\n|---|---|---|---|---|---|---|\n"
            + string.Join('\n', rows.Select(r =>
                $"| {r.Variant.Name} | {r.StartMs:0} | {r.IdleMb:0.0} | {r.AnonymousMb:0.0} | {r.DoubleMappedMb:0.0} | {r.StartMs / baseline.StartMs:0.00}× | {r.IdleMb / baseline.IdleMb:0.00}× |")));
    }
}
