using static SmtpPortal.Localization.UiLanguage;

namespace SmtpPortal.Providers;

public enum ShapeSeverity
{
    /// <summary>SmtpPortal changed the value and tells the admin (e.g. removed spaces).</summary>
    Fixed,

    /// <summary>Probably wrong, but the rule is not certain: saving is allowed.</summary>
    Warning,

    /// <summary>Certainly wrong for this provider: saving is refused.</summary>
    Block,
}

/// <summary>One thing the shape check has to say about a field ("Username" or "Password").</summary>
public sealed record ShapeFinding(string Field, ShapeSeverity Severity, string Message);

/// <summary>The secret as it will be stored, and what the check found on the way.</summary>
public sealed record ShapeCheckResult(string? Password, IReadOnlyList<ShapeFinding> Findings)
{
    public bool Blocks => Findings.Any(f => f.Severity == ShapeSeverity.Block);
}

/// <summary>Checks the username and secret against the form the chosen provider gives them,
/// before anything is stored or sent. Certain rules block (SendGrid's literal "apikey" and
/// "SG." keys); rules a provider might change warn (16-character app passwords).</summary>
public static class CredentialShapeCheck
{
    public const string UsernameField = "Username";
    public const string PasswordField = "Password";

    /// <summary>An empty password means "keep the stored one", so only the username is checked then.</summary>
    public static ShapeCheckResult Check(ProviderPreset preset, string? username, string? password)
    {
        var findings = new List<ShapeFinding>();
        if (preset.SecretShape == SecretShape.SendGridApiKey && !string.IsNullOrWhiteSpace(username)
            && username.Trim() != "apikey")
        {
            findings.Add(new(UsernameField, ShapeSeverity.Block, Text(
                "SendGrid's username is the literal word apikey, not your login or email address.",
                "SendGrid 的用户名必须是字面值 apikey，而不是登录名或邮箱地址。")));
        }
        if (string.IsNullOrEmpty(password))
            return new ShapeCheckResult(password, findings);

        if (preset.SecretKind == SecretKind.OAuth2Preferred)
        {
            findings.Add(new(PasswordField, ShapeSeverity.Warning, Text(
                $"{preset.Name} is set up with \"Sign in with {preset.OAuth?.Provider ?? preset.Name}\" below the form. A password works only while the account's administrator still allows password sign-in for SMTP, and stops working when that is switched off — see the warning above.",
                $"{preset.Name} 建议使用表单下方的\"使用 {preset.OAuth?.Provider ?? preset.Name} 登录\"。只有在管理员仍允许 SMTP 使用密码登录时，密码才有效；一旦关闭即失效，见上方警告。")));
        }

        var secret = password.Trim();
        if (secret.Length != password.Length && secret.Length > 0)
        {
            findings.Add(new(PasswordField, ShapeSeverity.Fixed, Text(
                "Spaces or line breaks around the pasted secret were removed.",
                "已去掉粘贴内容首尾的空格或换行。")));
        }

        switch (preset.SecretShape)
        {
            case SecretShape.SendGridApiKey when !secret.StartsWith("SG.", StringComparison.Ordinal):
                findings.Add(new(PasswordField, ShapeSeverity.Block, Text(
                    "A SendGrid API key starts with SG. — this looks like a password or another kind of key. Create an API key with the Mail Send permission.",
                    "SendGrid 的 API 密钥以 SG. 开头，这看起来像是密码或其他类型的密钥。请创建带 Mail Send 权限的 API 密钥。")));
                break;
            case SecretShape.SixteenLetters:
                secret = CheckSixteenLetters(preset, secret, findings);
                break;
        }
        return new ShapeCheckResult(secret, findings);
    }

    private static string CheckSixteenLetters(ProviderPreset preset, string secret, List<ShapeFinding> findings)
    {
        // Providers show these codes in groups ("abcd efgh ijkl mnop"); the server wants them joined.
        var joined = string.Concat(secret.Where(c => !char.IsWhiteSpace(c)));
        if (joined.Length != secret.Length)
        {
            findings.Add(new(PasswordField, ShapeSeverity.Fixed, Text(
                "The spaces inside the code were removed: the provider shows them only for reading.",
                "已去掉代码中间的空格：服务商显示空格只是为了便于阅读。")));
        }
        // iCloud shows its app passwords with hyphens, which are part of what it accepts.
        var characters = joined.Where(c => c != '-').ToArray();
        if (characters.Length != 16 || !characters.All(char.IsAsciiLetterOrDigit))
        {
            var what = preset.SecretKind == SecretKind.AuthorizationCode
                ? Text("authorization code", "授权码")
                : Text("app password", "应用专用密码");
            findings.Add(new(PasswordField, ShapeSeverity.Warning, Text(
                $"{preset.Name} issues a {what} of 16 letters or digits; this is {characters.Length} characters long{(characters.All(char.IsAsciiLetterOrDigit) ? "" : " and has other signs")}. Your account password will be refused — see the notes for how to create one.",
                $"{preset.Name} 的{what}由 16 位字母或数字组成，而这里是 {characters.Length} 位{(characters.All(char.IsAsciiLetterOrDigit) ? "" : "且含有其他符号")}。账号密码会被拒绝，创建方法见说明。")));
        }
        return joined;
    }
}
