using System.Diagnostics;
using System.Reflection;

namespace SmtpPortal.Tests.TestSupport;

/// <summary>The built portal (SmtpPortal.dll) running as a process of its own over a data
/// directory, for tests that kill it the hard way.</summary>
public sealed class PortalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private PortalProcess(Process process) => _process = process;

    public static string PortalPath => typeof(PortalProcess).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PortalPath").Value!;

    /// <summary>Starts the portal and returns once a line of its log contains <paramref name="readyWhen"/>.</summary>
    public static async Task<PortalProcess> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string> settings, string readyWhen)
    {
        var start = new ProcessStartInfo("dotnet", [PortalPath])
        {
            WorkingDirectory = Path.GetDirectoryName(PortalPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
                ["SmtpPortal__DataDirectory"] = dataDirectory,
                ["Logging__Console__FormatterName"] = "simple",
                ["Logging__Console__FormatterOptions__SingleLine"] = "true",
                // Start-up dominates short runs; profile-guided re-JIT only pays off in long ones.
                ["DOTNET_TieredPGO"] = "0",
            },
        };
        foreach (var (key, value) in settings)
            start.Environment[key.Replace(":", "__")] = value;
        var portal = new PortalProcess(Process.Start(start)!);
        _ = portal.CollectAsync(portal._process.StandardError);
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (await portal._process.StandardOutput.ReadLineAsync(patience.Token) is { } line)
        {
            lock (portal._output)
                portal._output.Add(line);
            if (line.Contains(readyWhen, StringComparison.Ordinal))
            {
                _ = portal.CollectAsync(portal._process.StandardOutput);
                return portal;
            }
        }
        throw new InvalidOperationException($"The portal ended before it logged \"{readyWhen}\":\n{portal.Output}");
    }

    public string Output
    {
        get { lock (_output) return string.Join('\n', _output); }
    }

    /// <summary>SIGKILL: no shutdown, no flush, no chance to finish anything.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    private async Task CollectAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
            lock (_output)
                _output.Add(line);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
            await KillAsync();
        _process.Dispose();
    }
}
