namespace SmtpPortal.Bench;

/// <summary>How much each harness measures. The smoke counts only prove that every harness still
/// runs end to end; the full counts give medians and a p95 that mean something on a noisy machine.</summary>
/// <param name="KeepWork">--work DIR: build into (or reuse the apps already in) DIR and keep it, for
/// iterating on one harness with --only NAME.</param>
public sealed record BenchSettings(
    bool Smoke, string RepositoryRoot, string WorkDirectory, string ResultsFile, bool KeepWork = false, string? Only = null)
{
    /// <summary>Process starts per app for cold start and idle memory (bare and portal alternate).</summary>
    public int StartRuns => Smoke ? 1 : 15;

    /// <summary>Process starts per runtime-settings variant.</summary>
    public int SettingsRuns => Smoke ? 1 : 3;

    public int Circuits => Smoke ? 2 : 100;
    public int ClickingCircuits => Smoke ? 1 : 20;
    public int ClicksPerCircuit => Smoke ? 3 : 25;

    /// <summary>Test sends per path (portal and raw MailKit, interleaved).</summary>
    public int Sends => Smoke ? 3 : 200;

    public int ProbeRuns => Smoke ? 1 : 5;
    public TimeSpan ProbeDeadline => Smoke ? TimeSpan.FromMilliseconds(600) : TimeSpan.FromSeconds(2);

    /// <summary>Whether the harness named (start, settings, circuits, send, probe, weight, relay) runs.</summary>
    public bool Runs(string harness) => Only is null || Only == harness;

    public static BenchSettings FromArguments(string[] args)
    {
        var smoke = args.Contains("--smoke");
        var root = Infrastructure.RepositoryRoot.Find();
        var outIndex = Array.IndexOf(args, "--out");
        var results = outIndex >= 0 && outIndex + 1 < args.Length
            ? Path.GetFullPath(args[outIndex + 1])
            : Path.Combine(root, "bench", smoke || args.Contains("--only") ? "out/smoke-results.md" : "results.md");
        string? Value(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var keptWork = Value("--work");
        var work = keptWork is null
            ? Path.Combine(Path.GetTempPath(), "smtpportal-bench", Guid.NewGuid().ToString("n")[..8])
            : Path.GetFullPath(keptWork);
        return new BenchSettings(smoke, root, work, results, keptWork is not null, Value("--only"));
    }
}
