using System.CommandLine;
using SmtpPortal.Export;
using SmtpPortal.History;

namespace SmtpPortal.Cli;

/// <summary><c>export --format env</c>: the settings ready for an app, on standard output.</summary>
internal static class ExportCommand
{
    public static Command Create(CommandContext context)
    {
        var format = new Option<string>("--format", "-f")
        {
            Description = $"The app or syntax: {string.Join(", ", ExportCatalog.Ids)}.",
            Required = true,
        };
        format.AcceptOnlyFromAmong([.. ExportCatalog.Ids]);
        var includePassword = new Option<bool>("--include-password")
        {
            Description = "Write the real password instead of a placeholder. Whoever runs this can read the key ring anyway; keep the output private.",
        };
        var command = new Command("export", "Print the settings in an app's own format (the password is a placeholder unless --include-password).")
        {
            format, includePassword,
        };
        command.SetAction((parsed, ct) => context.RunAsync(async services =>
        {
            var chosen = ExportCatalog.Find(parsed.GetValue(format))!;
            var export = await services.GetRequiredService<SettingsExporter>().ExportAsync(
                chosen, parsed.GetValue(includePassword), SettingsCommands.Actor, SecretChannel.Cli, ct);
            if (!export.IsConfigured)
            {
                context.Console.Error.WriteLine("No SMTP settings are saved yet: run `settings set` first.");
                return ExitCodes.NotConfigured;
            }
            if (export.PasswordUnreadable)
            {
                context.Console.Error.WriteLine("The stored password can't be decrypted (the key ring was lost or replaced): set it again with `settings set --password-stdin`.");
                return ExitCodes.NotConfigured;
            }
            if (export.OAuthNote is { } note)
                context.Console.Error.WriteLine($"Note: {note}");
            context.Console.Out.Write(export.Text);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
