using System.CommandLine;
using System.Globalization;
using SmtpPortal.History;
using SmtpPortal.OAuth;
using SmtpPortal.Providers;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;
using SmtpPortal.Smtp.Diagnostics;

namespace SmtpPortal.Cli;

/// <summary><c>settings show | set | test | check</c>: the settings page, for scripts.</summary>
internal static class SettingsCommands
{
    /// <summary>The History page shows command-line changes as "cli:&lt;account&gt;".</summary>
    internal static AuditActor Actor => new("cli:" + Environment.UserName, null);

    /// <summary>The per-minute test cap counts per account on the command line, across runs.</summary>
    internal static Requester Requester => Smtp.Requester.CommandLine(Actor);

    public static Command Create(CommandContext context) =>
        new("settings", "Show, change, test or check the SMTP settings.")
        {
            CreateShow(context),
            SettingsSetCommand.Create(context),
            CreateTest(context),
            CreateCheck(context),
        };

    internal static Option<bool> JsonOption() =>
        new("--json") { Description = "Print the result as JSON (the same report as the HTTP API)." };

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
            var signIn = await services.GetRequiredService<OAuthGrantStore>().GetSummaryAsync(ct);
            var password = signIn is not null && signIn.PresetId == settings.PresetId && preset.OAuth is { } oauth
                ? $"none: signs in with {oauth.Provider} (OAuth2) as {signIn.Account} since {signIn.SignedInAt.ToString("u", CultureInfo.InvariantCulture)}"
                : settings.PasswordSetAt is { } set
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
        var json = JsonOption();
        var command = new Command("test",
            "Send a test email with the stored settings and print every stage, the server's reply and the advice. Exit code 0 when the server accepted it, 1 when not.")
        {
            to, json,
        };
        command.SetAction((parsed, ct) => context.RunAsync(async services => RunPrinter.Print(context.Console,
            await services.GetRequiredService<TestEmailService>().SendAsync(parsed.GetValue(to), Requester, null, ct),
            services.GetRequiredService<RunReports>(), parsed.GetValue(json))));
        return command;
    }

    private static Command CreateCheck(CommandContext context)
    {
        var json = JsonOption();
        var command = new Command("check",
            "Connect and log in with the stored settings, then quit: no message is sent. Exit code 0 when it works, 1 when not.")
        {
            json,
        };
        command.SetAction((parsed, ct) => context.RunAsync(async services => RunPrinter.Print(context.Console,
            await services.GetRequiredService<TestEmailService>().CheckAsync(Requester, null, ct),
            services.GetRequiredService<RunReports>(), parsed.GetValue(json))));
        return command;
    }
}
