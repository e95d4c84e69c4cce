using System.Diagnostics;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using SmtpPortal.Hosting;
using SmtpPortal.SaveStream;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Settings;

/// <summary>Kills a process in the middle of a stream of saves (SIGKILL, no chance to clean up)
/// again and again; every time the database must open and hold one complete save.</summary>
public sealed class SaveDurabilityTests : IDisposable
{
    // Two streams side by side (each over its own database) halve the wall time of 20 kills.
    private const int Lanes = 2;
    private const int KillsPerLane = 10;
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task KillingTheProcessMidSaveLeavesOneCompleteVersionEveryTime()
    {
        var lanes = Enumerable.Range(0, Lanes).Select(lane => RunLaneAsync(Path.Combine(_data.Path, $"lane{lane}"), seed: lane));
        var versionsSeen = (await Task.WhenAll(lanes)).Sum();
        Assert.True(versionsSeen > Lanes * KillsPerLane / 2, "the kills should land at many different saves");
    }

    /// <summary>Kills one save stream again and again; returns how many different versions it saw.</summary>
    private static async Task<int> RunLaneAsync(string dataDirectory, int seed)
    {
        await using (var provider = Storage(dataDirectory))
            await provider.MigrateDatabaseAsync();
        // A fixed seed: the kill moments vary within the run but the run is repeatable.
        var random = new Random(seed);
        var lastConfirmed = 0;
        var versionsSeen = new HashSet<int>();
        for (var kill = 0; kill < KillsPerLane; kill++)
        {
            // Kill right after start-up (0) or after 1..8 saves of this run; the first run must save.
            var saves = random.Next(kill == 0 ? 1 : 0, 9);
            lastConfirmed = Math.Max(lastConfirmed, await RunAndKillAsync(dataDirectory, saves));

            var (settings, connection) = await ReadBackAsync(dataDirectory);
            var n = SaveNumber.Of(settings);
            AssertComplete(settings, connection, n);
            Assert.True(n >= lastConfirmed, $"save {lastConfirmed} was confirmed but the database holds {n}");
            versionsSeen.Add(n);
        }
        return versionsSeen.Count;
    }

    /// <summary>Starts the save stream, kills it once it has confirmed <paramref name="saves"/>
    /// saves (the next one is then under way), returns the last save it confirmed.</summary>
    private static async Task<int> RunAndKillAsync(string dataDirectory, int saves)
    {
        var start = new ProcessStartInfo("dotnet", [SaveStreamPath, dataDirectory])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
            // Start-up dominates this test; profile-guided re-JIT only pays off in long runs.
            Environment = { ["DOTNET_TieredPGO"] = "0" },
        };
        using var process = Process.Start(start)!;
        var confirmed = 0;
        var savedThisRun = 0;
        while (true)
        {
            var line = await process.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken)
                ?? throw new InvalidOperationException("the save stream ended by itself");
            if (line.StartsWith("saved ", StringComparison.Ordinal))
            {
                confirmed = int.Parse(line["saved ".Length..]);
                savedThisRun++;
            }
            if (savedThisRun >= saves && (saves > 0 || line == "ready"))
                break;
        }
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.NotEqual(0, process.ExitCode);
        return confirmed;
    }

    private static async Task<(SmtpSettings Settings, SmtpConnection? Connection)> ReadBackAsync(string dataDirectory)
    {
        await using var provider = Storage(dataDirectory);
        var (settings, connection, problem) = await provider.GetRequiredService<SmtpConnections>()
            .ForStoredSettingsAsync(TestContext.Current.CancellationToken);
        Assert.Null(problem);
        return (settings!, connection);
    }

    private static ServiceProvider Storage(string dataDirectory)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSmtpPortalStorage(new DataDirectory(dataDirectory));
        services.AddSmtpSending();
        return services.BuildServiceProvider();
    }

    private static void AssertComplete(SmtpSettings settings, SmtpConnection? connection, int n)
    {
        var expected = SaveNumber.Input(n);
        Assert.Equal(expected.Host, settings.Host);
        Assert.Equal(expected.Port, settings.Port);
        Assert.Equal(expected.Security, settings.Security);
        Assert.Equal(expected.Username, settings.Username);
        Assert.Equal(expected.FromAddress, settings.FromAddress);
        Assert.Equal(expected.ReplyTo, settings.ReplyTo);
        Assert.Equal(expected.Password, connection!.Password);
        Assert.Equal(n, settings.Revision);
    }

    private static string SaveStreamPath => typeof(SaveDurabilityTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SaveStreamPath").Value!;
}
