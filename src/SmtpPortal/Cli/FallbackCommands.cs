using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SmtpPortal.Fallback;
using SmtpPortal.Providers;
using SmtpPortal.Smtp;
using SmtpPortal.Smtp.Diagnostics;

namespace SmtpPortal.Cli;

/// <summary><c>fallback show | set | remove | check</c>: the Fallback provider page, for scripts.
/// The same store, rules, per-minute cap and History (as cli:&lt;account&gt;).</summary>
internal static class FallbackCommands
{
    public static Command Create(CommandContext context) =>
        new("fallback", "The fallback provider the relay delivers through while the main provider fails.")
        {
            Show(context),
            Set(context),
            Remove(context),
            Check(context),
        };

    private static Command Show(CommandContext context)
    {
        var json = RelayCommands.JsonOption();
        var command = new Command("show", "Print the fallback provider (never its password) and which provider carries the relay's mail now.") { json };
        command.SetAction((parsed, ct) => context.RunAsync(async services =>
        {
            var store = services.GetRequiredService<FallbackProviderStore>();
            var fallback = await store.GetAsync(ct);
            if (fallback is null)
            {
                context.Console.Error.WriteLine("No fallback provider is set: run `fallback set` first.");
                return ExitCodes.NotConfigured;
            }
            if (parsed.GetValue(json))
            {
                context.Console.Out.WriteLine(JsonSerializer.Serialize(Api.ApiFallbackProvider.From(fallback), RelayCommands.Json));
                return ExitCodes.Ok;
            }
            var preset = services.GetRequiredService<ProviderCatalog>().FindOrCustom(fallback.PresetId);
            var password = fallback.PasswordSetAt is { } set
                ? (store.CanDecryptPassword(fallback) ? $"set on {set.ToString("u", CultureInfo.InvariantCulture)}" : "can't be decrypted: set it again")
                : "not set";
            var output = context.Console.Out;
            void Line(string name, string? value) => output.WriteLine($"{name + ":",-14} {value}");
            Line("provider", $"{preset.Name} ({preset.Id})");
            Line("host", fallback.Host);
            Line("port", fallback.Port.ToString(CultureInfo.InvariantCulture));
            Line("security", fallback.Security.ToName());
            Line("username", fallback.Username ?? "(no login)");
            Line("password", password);
            Line("from", fallback.FromAddress);
            Line("switch after", $"{fallback.SwitchAfterMinutes} min");
            Line("in use", fallback.InUseSince is { } since
                ? $"yes, since {RelayCommands.Utc(since)}: {fallback.SwitchReason}"
                : "no, the main provider carries the mail");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Set(CommandContext context)
    {
        var (preset, host, port, security, username, passwordStdin) = CliOptions.Connection();
        var from = new Option<string>("--from") { Description = "From address of what the portal sends through the fallback (alert emails)." };
        var switchAfter = CliOptions.WholeNumber("--switch-after",
            $"Minutes the main provider may fail before the relay switches (1–{FallbackInput.MaxSwitchAfterMinutes}; default {FallbackInput.DefaultSwitchAfterMinutes}); a refused login switches at once.");
        var command = new Command("set",
            "Set or change the fallback provider. Only the options given change; without --password-stdin the stored password is kept (unless the server or username changes).")
        {
            preset, host, port, security, username, passwordStdin, from, switchAfter,
        };
        command.SetAction((parsed, ct) => context.RunAsync(async services =>
        {
            var catalog = services.GetRequiredService<ProviderCatalog>();
            var store = services.GetRequiredService<FallbackProviderStore>();
            var stored = await store.GetAsync(ct);
            var input = stored is null ? new FallbackInput() : FallbackInput.From(stored);
            if (parsed.GetValue(preset) is { } presetId)
            {
                if (catalog.Find(presetId) is not { } chosen)
                {
                    context.Console.Error.WriteLine($"Unknown preset '{presetId}'. Known: {string.Join(", ", catalog.All.Select(p => p.Id))}.");
                    return ExitCodes.Usage;
                }
                if (!string.Equals(input.PresetId, chosen.Id, StringComparison.OrdinalIgnoreCase) || stored is null)
                    input.ApplyPreset(chosen);
                if (FallbackInput.SignsInWithOAuthOnly(chosen))
                    context.Console.Error.WriteLine($"Warning: {chosen.Name} accepts only OAuth2 sign-in for SMTP, and the fallback logs in with a password only.");
            }
            if (parsed.GetValue(host) is { } newHost)
                input.Host = newHost;
            if (parsed.GetValue(port) is { } newPort)
            {
                input.Port = newPort;
                if (catalog.FindOrCustom(input.PresetId).Ports.FirstOrDefault(p => p.Port == newPort) is { } known)
                    input.Security = known.Security;
            }
            if (SecurityModeNames.TryParse(parsed.GetValue(security), out var mode))
                input.Security = mode;
            if (parsed.GetValue(username) is { } newUsername)
                input.Username = newUsername;
            if (parsed.GetValue(from) is { } newFrom)
                input.FromAddress = newFrom;
            if (parsed.GetValue(switchAfter) is { } minutes)
                input.SwitchAfterMinutes = minutes;
            if (parsed.GetValue(passwordStdin))
            {
                var (secret, problem) = await context.Console.ReadSecretAsync(ct);
                if (secret is null)
                {
                    context.Console.Error.WriteLine($"--password-stdin: {problem}");
                    return ExitCodes.Invalid;
                }
                input.Password = secret;
            }

            var saved = await store.SaveAsync(input, SettingsCommands.Actor, ct);
            if (!saved.Succeeded)
            {
                foreach (var (field, message) in saved.Problems)
                    context.Console.Error.WriteLine($"{OptionName(field)}: {message}");
                context.Console.Error.WriteLine("Nothing was saved.");
                return ExitCodes.Invalid;
            }
            context.Console.Out.WriteLine($"Saved the fallback provider {saved.Saved!.Host}:{saved.Saved.Port}. Check it with `fallback check`.");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Remove(CommandContext context)
    {
        var command = new Command("remove", "Remove the fallback provider; if it carried the relay's mail, the main provider takes it back.");
        command.SetAction((_, ct) => context.RunAsync(async services =>
        {
            if (!await services.GetRequiredService<FallbackProviderStore>().RemoveAsync(SettingsCommands.Actor, ct))
            {
                context.Console.Error.WriteLine("No fallback provider is set: nothing to remove.");
                return ExitCodes.NotConfigured;
            }
            context.Console.Out.WriteLine("Removed the fallback provider.");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Check(CommandContext context)
    {
        var json = SettingsCommands.JsonOption();
        var command = new Command("check",
            "Connect and log in to the fallback provider, then quit: no message is sent. Exit code 0 when it works, 1 when not.")
        {
            json,
        };
        command.SetAction((parsed, ct) => context.RunAsync(async services =>
        {
            var run = await services.GetRequiredService<FallbackCheck>().RunAsync(SettingsCommands.Requester, null, ct);
            if (run is null)
            {
                context.Console.Error.WriteLine("No fallback provider is set: run `fallback set` first.");
                return ExitCodes.NotConfigured;
            }
            return RunPrinter.Print(context.Console, run, services.GetRequiredService<RunReports>(), parsed.GetValue(json));
        }));
        return command;
    }

    /// <summary>The option that sets a field, so a script's author knows what to fix.</summary>
    private static string OptionName(string field) => field switch
    {
        nameof(FallbackInput.Host) => "--host",
        nameof(FallbackInput.Port) => "--port",
        nameof(FallbackInput.Security) => "--security",
        nameof(FallbackInput.Username) => "--username",
        nameof(FallbackInput.Password) => "--password-stdin",
        nameof(FallbackInput.FromAddress) => "--from",
        nameof(FallbackInput.SwitchAfterMinutes) => "--switch-after",
        _ => field,
    };
}
