using SmtpPortal.Cli;

namespace SmtpPortal.Tests.TestSupport;

/// <summary>The program's command line, run in-process against a data directory exactly as a
/// script would run it, with what it printed and its exit code.</summary>
public static class CommandLine
{
    public sealed record Run(int ExitCode, string Out, string Error);

    public static Task<Run> RunAsync(string dataDirectory, string stdin, params string[] args) =>
        RunAsync(dataDirectory, System.Text.Encoding.UTF8.GetBytes(stdin), args);

    /// <param name="stdin">Standard input as bytes, as a pipe delivers them (not necessarily UTF-8).</param>
    public static async Task<Run> RunAsync(string dataDirectory, byte[] stdin, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await PortalCommandLine.RunAsync(args, new CliConsole(output, error, new MemoryStream(stdin)),
            new Dictionary<string, string?> { ["SmtpPortal:DataDirectory"] = dataDirectory }, TestContext.Current.CancellationToken);
        return new Run(exit, output.ToString(), error.ToString());
    }
}
