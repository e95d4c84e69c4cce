using System.CommandLine;
using System.Globalization;

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
}
