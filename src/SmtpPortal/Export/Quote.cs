using System.Text.Json;

namespace SmtpPortal.Export;

/// <summary>Quoting for each syntax the exports are written in. Settings never contain line
/// breaks (the store refuses them), but passwords may hold quotes, dollars, backslashes and emoji.</summary>
internal static class Quote
{
    private static readonly JsonSerializerOptions Unescaped = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>POSIX shell single quotes: nothing inside is expanded; a quote is closed, escaped
    /// and reopened. <c>set -a; . ./file</c> reads such an env file back exactly.</summary>
    public static string Shell(string value) => "'" + value.Replace("'", "'\\''") + "'";

    /// <summary>PHP single-quoted string: only \ and ' are special.</summary>
    public static string Php(string value) => "'" + value.Replace("\\", "\\\\").Replace("'", "\\'") + "'";

    /// <summary>Ruby single-quoted string: only \ and ' are special; #{} is not interpolated.</summary>
    public static string Ruby(string value) => "'" + value.Replace("\\", "\\\\").Replace("'", "\\'") + "'";

    /// <summary>A JSON string, which is also a valid YAML double-quoted scalar.</summary>
    public static string Json(string value) => JsonSerializer.Serialize(value, Unescaped);

    /// <summary>go-ini (Gitea's parser) takes everything between backticks literally, so # ; and
    /// quotes survive; a value holding a backtick uses its triple-quote form instead.</summary>
    public static string GoIni(string value) =>
        value.Contains('`') ? "\"\"\"" + value + "\"\"\"" : "`" + value + "`";
}
