using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace SmtpPortal.Tests.TestSupport;

/// <summary>A program run as a child process with its output collected line by line.</summary>
public sealed partial class ProgramRun : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly SemaphoreSlim _newLine = new(0);

    private ProgramRun(Process process) => _process = process;

    /// <summary>Everything the program wrote so far, standard output and error interleaved.</summary>
    public string Output => string.Join('\n', _lines);

    public static ProgramRun Start(string program, string workingDirectory, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in args)
            start.ArgumentList.Add(argument);
        // Nothing of the test run's own hosting may reach the program: it finds its content root,
        // environment and data directory by itself, as on a server. A nested `dotnet publish`
        // must not inherit the test run's MSBuild variables either.
        foreach (var key in start.Environment.Keys.Where(key =>
            key.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || key.StartsWith("SmtpPortal__", StringComparison.Ordinal)
            || key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)
            || key is "DOTNET_ENVIRONMENT" or "DOTNET_CONTENTROOT").ToList())
            start.Environment.Remove(key);
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["DOTNET_NOLOGO"] = "1";

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var run = new ProgramRun(process);
        process.OutputDataReceived += (_, e) => run.Add(e.Data);
        process.ErrorDataReceived += (_, e) => run.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        return run;
    }

    private void Add(string? line)
    {
        if (line is null)
            return;
        _lines.Enqueue(line);
        _newLine.Release();
    }

    /// <summary>The first output line that matches, as soon as it is written.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> matches, CancellationToken ct)
    {
        while (true)
        {
            if (_lines.FirstOrDefault(matches) is { } line)
                return line;
            if (_process.HasExited)
                throw new InvalidOperationException($"the program exited with {_process.ExitCode} before writing the line:\n{Output}");
            await _newLine.WaitAsync(TimeSpan.FromSeconds(1), ct);
        }
    }

    /// <summary>The address Kestrel chose (the program listens on port 0).</summary>
    public async Task<Uri> ListeningAddressAsync(CancellationToken ct)
    {
        var line = await WaitForLineAsync(line => line.Contains("Now listening on: http://"), ct);
        return new Uri(ListeningUrl().Match(line).Value);
    }

    /// <summary>The exit code once the program ended by itself.</summary>
    public async Task<int> ExitCodeAsync(CancellationToken ct)
    {
        await _process.WaitForExitAsync(ct);
        return _process.ExitCode;
    }

    public bool HasExited => _process.HasExited;

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
        _newLine.Dispose();
    }

    [GeneratedRegex(@"http://[^\s]+")]
    private static partial Regex ListeningUrl();
}
