using System.Text;

namespace SmtpPortal.Export.Formats;

/// <summary>Writes KEY='value' lines in POSIX shell syntax, which docker compose's env_file and
/// <c>set -a; . ./file</c> both read. Lines for values the settings do not have are left out.</summary>
internal sealed class EnvLines
{
    private readonly StringBuilder _text = new();

    public EnvLines Comment(string comment)
    {
        _text.Append("# ").AppendLine(comment);
        return this;
    }

    public EnvLines Add(string key, string? value)
    {
        if (value is not null)
            _text.Append(key).Append('=').AppendLine(Quote.Shell(value));
        return this;
    }

    public EnvLines Add(string key, int value) => Add(key, value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public EnvLines Add(string key, bool value) => Add(key, value ? "true" : "false");

    public override string ToString() => _text.ToString();
}
