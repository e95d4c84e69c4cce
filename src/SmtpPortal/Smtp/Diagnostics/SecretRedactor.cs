using System.Text;

namespace SmtpPortal.Smtp.Diagnostics;

/// <summary>The second line of defence behind MailKit's secret detector: removes the password
/// wherever it still shows, plain or base64 (AUTH PLAIN "\0user\0password", AUTH LOGIN's lone
/// password, or any base64 token that decodes to something containing it).</summary>
public sealed class SecretRedactor
{
    private readonly string? _password;
    private readonly string[] _encodedForms;

    public SecretRedactor(string? username, string? password)
    {
        _password = string.IsNullOrEmpty(password) ? null : password;
        _encodedForms = _password is null ? [] : EncodedForms(username ?? "", _password).ToArray();
    }

    public string Redact(string text)
    {
        if (_password is null || text.Length == 0)
            return text;
        foreach (var form in _encodedForms.Prepend(_password))
            text = text.Replace(form, SmtpTranscript.Redacted, StringComparison.Ordinal);
        return string.Join(' ', text.Split(' ').Select(RedactBase64Token));
    }

    /// <summary>The base64 forms a password takes in SMTP AUTH.</summary>
    public static IEnumerable<string> EncodedForms(string username, string password)
    {
        yield return Base64(password);
        yield return Base64($"\0{username}\0{password}");
        yield return Base64($"{username}\0{username}\0{password}");
        yield return Base64($"{username}\0{password}");
        yield return Base64($"{username} {password}");
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private string RedactBase64Token(string token)
    {
        if (token.Length < 4 || token.Length % 4 != 0)
            return token;
        var bytes = new byte[token.Length];
        if (!Convert.TryFromBase64String(token, bytes, out var written))
            return token;
        var decoded = Encoding.UTF8.GetString(bytes, 0, written);
        return decoded.Contains(_password!, StringComparison.Ordinal) ? SmtpTranscript.Redacted : token;
    }
}
