using System.CommandLine;
using System.Globalization;
using Microsoft.AspNetCore.Identity;
using SmtpPortal.Security;

namespace SmtpPortal.Cli;

/// <summary><c>admins list | reset-password NAME | reset-2fa NAME</c>: the way back in for an
/// admin who lost the password and the recovery codes. Whoever can run the program against the
/// data directory can read the key ring and the database already, so this gives nothing new away;
/// each reset is a History entry and ends that admin's sessions.</summary>
internal static class AdminsCommands
{
    public static Command Create(CommandContext context) =>
        new("admins", "List admins, reset an admin's password or two-factor authentication.")
        {
            CreateList(context),
            CreateResetPassword(context),
            CreateResetTwoFactor(context),
        };

    private static Command CreateList(CommandContext context)
    {
        var command = new Command("list", "List the admins: name, email, two-factor, lockout.");
        command.SetAction((_, ct) => context.RunAsync(async services =>
        {
            var admins = await services.GetRequiredService<AdminAccounts>().ListAsync(ct);
            if (admins.Count == 0)
            {
                context.Console.Out.WriteLine("No admin exists yet: open /setup in the portal.");
                return ExitCodes.Ok;
            }
            foreach (var admin in admins)
            {
                var notes = new List<string> { admin.TwoFactorEnabled ? "2fa on" : "2fa off" };
                if (admin.LockedUntil is { } until)
                    notes.Add($"locked until {until.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC");
                if (admin.MustChangePassword)
                    notes.Add("must change password");
                context.Console.Out.WriteLine($"{admin.UserName,-20} {admin.Email,-32} {string.Join(", ", notes)}");
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command CreateResetPassword(CommandContext context)
    {
        var name = new Argument<string>("NAME") { Description = "The admin's user name (see `admins list`)." };
        var passwordStdin = new Option<bool>("--password-stdin")
        {
            Description = "Read the one-time password from standard input instead of printing a generated one.",
        };
        var command = new Command("reset-password",
            "Give an admin a one-time password (printed, or read with --password-stdin). They must choose a new one at the next sign-in; their sessions end and a lockout is lifted.")
        {
            name, passwordStdin,
        };
        command.SetAction((parsed, ct) => context.RunAsync(async services =>
        {
            string? given = null;
            if (parsed.GetValue(passwordStdin))
            {
                var (secret, problem) = await context.Console.ReadSecretAsync(ct);
                if (secret is null)
                {
                    context.Console.Error.WriteLine($"--password-stdin: {problem}");
                    return ExitCodes.Invalid;
                }
                given = secret;
            }
            var reset = await services.GetRequiredService<AdminAccounts>()
                .ResetPasswordAsync(parsed.GetValue(name)!, given, SettingsCommands.Actor);
            if (!reset.Result.Succeeded)
                return Refused(context, reset.Result);
            if (reset.OneTimePassword is { } oneTime)
            {
                context.Console.Out.WriteLine(oneTime);
                context.Console.Error.WriteLine("One-time password above: sign in with it, then choose a new password. It is not shown again.");
            }
            else
            {
                context.Console.Out.WriteLine("Password reset: sign in with it, then choose a new password.");
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command CreateResetTwoFactor(CommandContext context)
    {
        var name = new Argument<string>("NAME") { Description = "The admin's user name (see `admins list`)." };
        var command = new Command("reset-2fa",
            "Turn two-factor authentication off for an admin who lost the phone and the recovery codes; their sessions end.")
        {
            name,
        };
        command.SetAction((parsed, ct) => context.RunAsync(async services =>
        {
            var result = await services.GetRequiredService<AdminAccounts>().ResetTwoFactorAsync(parsed.GetValue(name)!, SettingsCommands.Actor);
            if (!result.Succeeded)
                return Refused(context, result);
            context.Console.Out.WriteLine("Two-factor authentication is off: sign in with the password, then turn it on again on the Admins page.");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static int Refused(CommandContext context, IdentityResult result)
    {
        foreach (var error in result.Errors)
            context.Console.Error.WriteLine(error.Description);
        context.Console.Error.WriteLine("Nothing was changed.");
        return ExitCodes.Invalid;
    }
}
