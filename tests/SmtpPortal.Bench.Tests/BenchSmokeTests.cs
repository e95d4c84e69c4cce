using SmtpPortal.Bench;
using SmtpPortal.Bench.Infrastructure;

namespace SmtpPortal.Bench.Tests;

/// <summary>
/// The benchmarks are not timed tests, but each harness runs here once with tiny counts (the
/// bench's smoke mode) so that none of them rots: the references still build, the portal still
/// publishes and starts, the circuits still open, the sends still arrive. The one figure asserted
/// is not a timing: every static asset must be fingerprinted and precompressed.
/// </summary>
[Collection(BenchSmokeCollection.Name)]
public sealed class BenchSmokeTests
{
    [Fact]
    public async Task EveryBenchmarkHarnessRunsOnceAndWritesItsFigures()
    {
        var results = Path.Combine(Path.GetTempPath(), "bench-smoke", Guid.NewGuid().ToString("n"), "results.md");
        var settings = BenchSettings.FromArguments(["--smoke", "--out", results]);

        var report = await BenchRunner.RunAsync(settings);

        string[] expected = ["1.", "2.", "3a.", "3b.", "4a.", "4b.", "5.", "6a.", "6b.", "6c.", "7a.", "7b.", "7c.", "7d."];
        foreach (var number in expected)
        {
            var figure = Assert.Single(report.Figures, f => f.Name.StartsWith(number, StringComparison.Ordinal));
            Assert.True(double.IsFinite(figure.Portal) && figure.Portal >= 0, $"{figure.Name}: {figure.Portal}");
        }
        var assets = Assert.Single(report.Figures, f => f.Name.StartsWith("6c.", StringComparison.Ordinal));
        Assert.True(assets.Portal == 0, assets.Detail);
        var written = await File.ReadAllTextAsync(results, TestContext.Current.CancellationToken);
        Assert.Contains("SMOKE run", written);
        Assert.Contains("Runtime settings", written);
        Assert.Contains("Relay against Postfix", written);
        Assert.False(Directory.Exists(settings.WorkDirectory), "the bench leaves no published apps behind");
    }
}


/// <summary>The smoke run publishes three apps and starts Chromium pages: alone, so that it does not
/// starve the browser tests' timeouts.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BenchSmokeCollection
{
    public const string Name = "Bench smoke (runs alone)";
}
