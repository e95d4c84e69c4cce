using System.CommandLine;
using System.Globalization;
using SmtpPortal.Smtp;

namespace SmtpPortal.Cli;

/// <summary>Typed options whose parse errors speak words: System.CommandLine's own message names
/// the .NET type (<c>System.Nullable`1[System.Int32]</c>), which tells a script's author nothing.</summary>
internal static class CliOptions
{
    /// <summary>Only whether it is a number: its range is the settings rules' business, which word it
    /// the same for the page, the API and the command line.</summary>
    public static Option<int?> WholeNumber(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Join(" ", result.Tokens.Select(t => t.Value));
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                return value;
            result.AddError($"{name} must be a whole number, not '{text}'.");
            return null;
        },
    };

    /// <summary>The options that name an SMTP server and its login: the same for the main settings
    /// (`settings set`) and the fallback provider (`fallback set`).</summary>
    public static (Option<string> Preset, Option<string> Host, Option<int?> Port, Option<string> Security, Option<string> Username,
        Option<bool> PasswordStdin) Connection()
    {
        var security = new Option<string>("--security") { Description = "ssl (implicit TLS), starttls or none." };
        security.AcceptOnlyFromAmong([.. SecurityModeNames.All]);
        return (
            new Option<string>("--preset") { Description = "Provider preset id (see `presets`); fills host, port and security." },
            new Option<string>("--host") { Description = "SMTP server host name." },
            WholeNumber("--port", "SMTP server port; a port the preset knows brings its security mode."),
            security,
            new Option<string>("--username") { Description = "Login user name." },
            new Option<bool>("--password-stdin")
            {
                Description = "Read the password from standard input (never put it on the command line: other users can see it).",
            });
    }
}
