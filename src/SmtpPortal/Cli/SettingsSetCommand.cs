using System.CommandLine;
using SmtpPortal.History;
using SmtpPortal.Providers;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;
using SmtpPortal.Smtp.Diagnostics;

namespace SmtpPortal.Cli;

/// <summary><c>settings set</c>: changes only what is given, on top of the stored settings (or
/// the preset's defaults), and saves through the same rules as the settings page: a new password
/// or destination is tested against the server first, unless --save-without-testing.</summary>
internal static class SettingsSetCommand
{
    public static Command Create(CommandContext context)
    {
        var (preset, host, port, security, username, passwordStdin) = CliOptions.Connection();
        var from = new Option<string>("--from") { Description = "From address." };
        var fromName = new Option<string>("--from-name") { Description = "From display name (\"\" to clear)." };
        var replyTo = new Option<string>("--reply-to") { Description = "Reply-To address (\"\" to clear)." };
        var trustCertificate = new Option<string>("--trust-certificate")
        {
            Description = "Trust exactly this server certificate (SHA-256 as the failed test printed it) for these settings; stored only if the test with it passes.",
        };
        var withoutTesting = new Option<bool>("--save-without-testing")
        {
            Description = "Store a new password or destination without logging in to the server first (for a server this machine cannot reach yet); History records the choice.",
        };
        var command = new Command("set",
            "Change the SMTP settings. Without --password-stdin the stored password is kept (unless the server or username changes). "
            + "A new password or destination is tested against the server before it is stored.")
        {
            preset, host, port, security, username, passwordStdin, from, fromName, replyTo, trustCertificate, withoutTesting,
        };

        command.SetAction((parsed, ct) => context.RunAsync(async services =>
        {
            var catalog = services.GetRequiredService<ProviderCatalog>();
            var store = services.GetRequiredService<SmtpSettingsStore>();
            var stored = await store.GetAsync(ct);
            var input = stored is null ? new SmtpSettingsInput() : SmtpSettingsInput.From(stored);

            var presetId = parsed.GetValue(preset);
            var chosen = catalog.FindOrCustom(stored?.PresetId);
            if (presetId is not null)
            {
                var found = catalog.Find(presetId);
                if (found is null)
                {
                    context.Console.Error.WriteLine($"Unknown preset '{presetId}'. Known: {string.Join(", ", catalog.All.Select(p => p.Id))}.");
                    return ExitCodes.Usage;
                }
                chosen = found;
                if (stored is null || !string.Equals(stored.PresetId, chosen.Id, StringComparison.OrdinalIgnoreCase))
                    input.ApplyPreset(chosen);
            }
            input.PresetId = chosen.Id;
            input.UsernameRequired = !chosen.IsCustom;

            if (parsed.GetValue(host) is { } newHost)
                input.Host = newHost;
            if (parsed.GetValue(port) is { } newPort)
            {
                input.Port = newPort;
                if (chosen.Ports.FirstOrDefault(p => p.Port == newPort) is { } known)
                    input.Security = known.Security;
            }
            if (SecurityModeNames.TryParse(parsed.GetValue(security), out var mode))
                input.Security = mode;
            if (parsed.GetValue(username) is { } newUsername)
                input.Username = newUsername;
            if (parsed.GetValue(from) is { } newFrom)
                input.FromAddress = newFrom;
            if (parsed.GetValue(fromName) is { } newFromName)
                input.FromName = newFromName;
            if (parsed.GetValue(replyTo) is { } newReplyTo)
                input.ReplyTo = newReplyTo;
            input.TrustCertificateSha256 = parsed.GetValue(trustCertificate);
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

            var result = await services.GetRequiredService<SmtpSettingsEditor>().SaveAsync(input, stored?.Revision,
                parsed.GetValue(withoutTesting) ? SaveTesting.WithoutTesting : SaveTesting.TestFirst, SettingsCommands.Requester, ct);
            foreach (var notice in result.Notices)
                context.Console.Error.WriteLine($"{(notice.Severity == ShapeSeverity.Warning ? "Warning" : "Note")}: {OptionName(notice.Field)}: {notice.Message}");
            if (result.Test is { Succeeded: false } test)
            {
                var exit = RunPrinter.Print(context.Console, test, services.GetRequiredService<RunReports>(), json: false,
                    trustHint: "To trust exactly this certificate, run the same command again with --trust-certificate {0}");
                context.Console.Error.WriteLine("Nothing was saved: the new settings did not pass their test. "
                    + "To store them anyway (a server this machine cannot reach yet), add --save-without-testing.");
                return exit;
            }
            if (result.IsConflict)
            {
                context.Console.Error.WriteLine("The settings were changed by someone else at the same moment: nothing was saved. Run the command again.");
                return ExitCodes.Conflict;
            }
            if (!result.Succeeded)
            {
                foreach (var (field, message) in result.Errors)
                    context.Console.Error.WriteLine($"{OptionName(field)}: {message}");
                context.Console.Error.WriteLine("Nothing was saved.");
                return ExitCodes.Invalid;
            }
            context.Console.Out.WriteLine(result.Test is not null ? "Tested against the server and saved." : "Saved.");
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>The option that sets a field, so a script's author knows what to fix.</summary>
    private static string OptionName(string field) => field switch
    {
        nameof(SmtpSettingsInput.Host) => "--host",
        nameof(SmtpSettingsInput.Port) => "--port",
        nameof(SmtpSettingsInput.Security) => "--security",
        nameof(SmtpSettingsInput.Username) => "--username",
        nameof(SmtpSettingsInput.Password) => "--password-stdin",
        nameof(SmtpSettingsInput.FromAddress) => "--from",
        nameof(SmtpSettingsInput.FromName) => "--from-name",
        nameof(SmtpSettingsInput.ReplyTo) => "--reply-to",
        nameof(SmtpSettingsInput.TrustCertificateSha256) => "--trust-certificate",
        _ => field,
    };
}
