using System.Diagnostics;
using System.Text;

namespace SmtpPortal.Bench.Infrastructure;

/// <summary>Runs the dotnet CLI (new, publish) as a child process and fails loudly with its output.</summary>
public static class Dotnet
{
    public static async Task RunAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        // Under `dotnet test` or `dotnet run` the parent's MSBuild variables point at its own build;
        // a nested build must find its SDK afresh.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"dotnet {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{Tail(output.ToString(), 4000)}");
    }

    public static Task PublishAsync(string project, string output, params string[] extra) =>
        RunAsync(Path.GetDirectoryName(project)!,
            ["publish", project, "-c", "Release", "-o", output, "-nologo", "--disable-build-servers", .. extra]);

    private static string Tail(string text, int length) => text.Length <= length ? text : text[^length..];
}
