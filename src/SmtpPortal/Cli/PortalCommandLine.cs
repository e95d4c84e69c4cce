using System.CommandLine;
using Microsoft.Extensions.Options;

namespace SmtpPortal.Cli;

/// <summary>The headless side of the program: <c>SmtpPortal settings show</c> and friends run
/// against the portal's data directory and exit, without starting the web server.</summary>
public static class PortalCommandLine
{
    private static readonly string[] CommandNames = ["settings", "export", "presets", "probe", "trust-certificate", "domain-check", "admins"];
    private static readonly string[] HelpNames = ["--help", "-h", "-?", "help"];

    /// <summary>Whether these arguments are a command rather than the portal's own start-up
    /// arguments (such as <c>--urls</c>).</summary>
    public static bool IsCommand(string[] args) =>
        args.Length > 0 && (CommandNames.Contains(args[0]) || HelpNames.Contains(args[0]));

    public static Task<int> RunAsync(string[] args) => RunAsync(args, CliConsole.System);

    /// <param name="configuration">Settings that win over appsettings.json and the environment
    /// (tests point the data directory at a temp folder with it).</param>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args, CliConsole console,
        IReadOnlyDictionary<string, string?>? configuration = null, CancellationToken ct = default)
    {
        // Machine-facing: the command line speaks English whatever the server's locale (decision 22).
        System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.CurrentUICulture =
            System.Globalization.CultureInfo.GetCultureInfo(Localization.UiLanguage.English);
        if (args.Count > 0 && args[0] == "help")
            args = [.. args.Skip(1), "--help"];
        var context = new CommandContext(console, configuration);
        var root = new RootCommand("SmtpPortal: set up and test this server's outgoing mail. Without a command, starts the web portal.")
        {
            SettingsCommands.Create(context),
            ExportCommand.Create(context),
            PresetsCommand.Create(context),
            DiagnosticsCommands.CreateProbe(context),
            DiagnosticsCommands.CreateTrustCertificate(context),
            DomainCheckCommand.Create(context),
            AdminsCommands.Create(context),
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0 && !args.Any(a => HelpNames.Contains(a)))
        {
            foreach (var error in parsed.Errors)
                console.Error.WriteLine(error.Message);
            console.Error.WriteLine("Run with --help to see the commands and options.");
            return ExitCodes.Usage;
        }
        try
        {
            return await parsed.InvokeAsync(
                new InvocationConfiguration { Output = console.Out, Error = console.Error, EnableDefaultExceptionHandler = false }, ct);
        }
        catch (OptionsValidationException ex)
        {
            console.Error.WriteLine($"Configuration error: {ex.Message}");
            return ExitCodes.Error;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            console.Error.WriteLine($"Error: {ex.Message}");
            return ExitCodes.Error;
        }
    }
}

/// <summary>What every command needs: the console and how to reach the portal's services.</summary>
internal sealed class CommandContext(CliConsole console, IReadOnlyDictionary<string, string?>? configuration)
{
    public CliConsole Console { get; } = console;

    public async Task<int> RunAsync(Func<IServiceProvider, Task<int>> action)
    {
        await using var services = await CliServices.BuildAsync(configuration, Console.Error);
        return await action(services);
    }
}
