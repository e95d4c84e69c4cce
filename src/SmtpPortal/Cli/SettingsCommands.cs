using System.CommandLine;
using System.Globalization;
using SmtpPortal.History;
using SmtpPortal.Providers;
using SmtpPortal.Security;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;

namespace SmtpPortal.Cli;

/// <summary><c>settings show | set | test</c>: the settings page, for scripts.</summary>
internal static class SettingsCommands
{
    /// <summary>The History page shows command-line changes as "cli:&lt;account&gt;".</summary>
    internal static AuditActor Actor => new("cli:" + Environment.UserName, null);

    public static Command Create(CommandContext context) =>
        new("settings", "Show, change or test the SMTP settings.")
        {
            CreateShow(context),
            SettingsSetCommand.Create(context),
            CreateTest(context),
        };

    private static Command CreateShow(CommandContext context)
    {
        var command = new Command("show", "Print the stored settings (never the password; only when it was set).");
        command.SetAction((_, ct) => context.RunAsync(async services =>
        {
            var store = services.GetRequiredService<SmtpSettingsStore>();
            var settings = await store.GetAsync(ct);
            if (settings is null)
            {
                context.Console.Error.WriteLine("No SMTP settings are saved yet: run `settings set` first.");
                return ExitCodes.NotConfigured;
            }
            var preset = services.GetRequiredService<ProviderCatalog>().FindOrCustom(settings.PresetId);
            var password = settings.PasswordSetAt is { } set
                ? (await store.CanDecryptPasswordAsync(ct) ? $"set on {set.ToString("u", CultureInfo.InvariantCulture)}" : "can't be decrypted: set it again")
                : "not set";
            Print(context.Console.Out, settings, preset, password);
            return ExitCodes.Ok;
        }));
        return command;
    }

    internal static void Print(TextWriter output, SmtpSettings settings, ProviderPreset preset, string password)
    {
        void Line(string name, string? value) => output.WriteLine($"{name + ":",-10} {value}");
        Line("provider", $"{preset.Name} ({preset.Id})");
        Line("host", settings.Host);
        Line("port", settings.Port.ToString(CultureInfo.InvariantCulture));
        Line("security", settings.Security.ToName());
        Line("username", settings.Username ?? "(no login)");
        Line("password", password);
        Line("from", settings.FromAddress);
        Line("from-name", settings.FromName);
        Line("reply-to", settings.ReplyTo);
        Line("revision", settings.Revision.ToString(CultureInfo.InvariantCulture));
    }

    private static Command CreateTest(CommandContext context)
    {
        var to = new Option<string>("--to") { Description = "Where to send the test email.", Required = true };
        var command = new Command("test", "Send a test email with the stored settings. Exit code 0 when the server accepted it, 1 when not.") { to };
        command.SetAction((parsed, ct) => context.RunAsync(async services =>
        {
            var outcome = await services.GetRequiredService<TestEmailService>()
                .SendAsync(parsed.GetValue(to), Actor.Name, ct, Actor);
            var output = outcome.Succeeded ? context.Console.Out : context.Console.Error;
            output.WriteLine(outcome.Summary);
            if (outcome.ServerReply is not null)
                output.WriteLine($"Server said: {outcome.ServerReply}");
            return outcome.Category switch
            {
                SmtpFailureCategory.None => ExitCodes.Ok,
                SmtpFailureCategory.InvalidRecipient => ExitCodes.Invalid,
                SmtpFailureCategory.NotConfigured or SmtpFailureCategory.PasswordUnreadable => ExitCodes.NotConfigured,
                _ => ExitCodes.TestFailed,
            };
        }));
        return command;
    }
}
