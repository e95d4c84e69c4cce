using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace SmtpPortal.Cli;

/// <summary>The headless side of the program: <c>SmtpPortal settings show</c> and friends run
/// against the portal's data directory and exit, without starting the web server.</summary>
public static class PortalCommandLine
{
    private static readonly string[] HelpNames = ["--help", "-h", "-?", "help"];

    /// <summary>What <c>--help</c> says before the commands: how to start the portal itself.</summary>
    private const string Description = """
        SmtpPortal: set up and test this server's outgoing mail.

        Start the web portal: run SmtpPortal without a command. Only hosting arguments may follow:
          --urls URL                   where to listen, e.g. --urls http://127.0.0.1:8080
          --environment NAME           Production (the default) or Development
          --contentRoot DIR            the folder holding appsettings.json, wwwroot/ and data/
                                       (default: the program's own folder once published)
          --webroot DIR                the static files' folder (default: wwwroot in the content root)
          --SmtpPortal:KEY=VALUE       any configuration key of the README (also Logging:…, Kestrel:…)

        The commands below run against the same data directory and exit; no web server starts.
        """;

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
        var root = new RootCommand(Description)
        {
            SettingsCommands.Create(context),
            ExportCommand.Create(context),
            PresetsCommand.Create(context),
            DiagnosticsCommands.CreateProbe(context),
            DiagnosticsCommands.CreateTrustCertificate(context),
            DomainCheckCommand.Create(context),
            AdminsCommands.Create(context),
            RelayCommands.Create(context),
            AlertsCommands.Create(context),
            FallbackCommands.Create(context),
        };
        // No response files: "@example.com" is a whole domain for `relay apps add --from`, not a file to read.
        var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parsed.Errors.Count > 0 && !args.Any(a => HelpNames.Contains(a)))
        {
            foreach (var error in parsed.Errors)
                console.Error.WriteLine(error.Message);
            console.Error.WriteLine("Run SmtpPortal --help to see the commands, their options and how to start the portal.");
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
