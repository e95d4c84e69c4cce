using SmtpPortal.Smtp;
using static SmtpPortal.Localization.UiLanguage;

namespace SmtpPortal.Providers;

/// <summary>The words the settings form uses for a preset's username and secret, in the UI language.</summary>
public static class PresetText
{
    public static string SecretLabel(this SecretKind kind) => kind switch
    {
        SecretKind.AppPassword => Text("App password", "应用专用密码"),
        SecretKind.AuthorizationCode => Text("Authorization code (授权码)", "授权码"),
        SecretKind.ApiKey => Text("API key", "API 密钥"),
        SecretKind.SmtpKey => Text("SMTP key or SMTP password", "SMTP 密钥或 SMTP 密码"),
        SecretKind.OAuth2Only => Text("Password (this provider accepts OAuth2 only, see the notes)",
            "密码（该服务商只接受 OAuth2，见说明）"),
        SecretKind.OAuth2Preferred => Text("Password (only if your administrator still allows it: sign in below instead)",
            "密码（仅在管理员仍允许时可用，建议改用下方的登录）"),
        _ => Text("Password", "密码"),
    };

    public static string SecretFieldLabel(this ProviderPreset preset) =>
        preset.SecretLabel?.Text ?? preset.SecretKind.SecretLabel();

    /// <summary>The username form in words, with the preset's own fixed word where it has one.</summary>
    public static string UsernameDescription(this ProviderPreset preset) => preset.UsernameForm == UsernameForm.LiteralApiKey
        ? Text($"the literal word {preset.FixedUsername}", $"字面值 {preset.FixedUsername}")
        : preset.UsernameForm.Describe();

    public static string UsernameFieldHint(this ProviderPreset preset) =>
        preset.UsernameHint?.Text ?? preset.UsernameForm.UsernameHint();

    public static string UsernameHint(this UsernameForm form) => form switch
    {
        UsernameForm.FullAddress => Text("Your full email address, e.g. name@example.com",
            "完整邮箱地址，例如 name@example.com"),
        UsernameForm.LocalPart => Text("The part of your address before @, e.g. name for name@example.com",
            "地址中 @ 之前的部分，例如 name@example.com 填 name"),
        UsernameForm.LiteralApiKey => Text("Type the word apikey, literally: it is the same for every account",
            "填写字面值 apikey：所有账号都一样"),
        UsernameForm.DashboardLogin => Text("The SMTP login shown in the provider's dashboard",
            "服务商控制台中显示的 SMTP 登录名"),
        UsernameForm.ApiKey => Text("Your API key", "你的 API 密钥"),
        _ => Text("Leave empty if the server accepts mail without a login", "如果服务器无需登录即可发信，请留空"),
    };

    /// <summary>The security mode for the UI; Smtp's own Describe() stays English because it goes
    /// into test emails and failure explanations.</summary>
    public static string DescribeForUi(this SecurityMode mode) => mode switch
    {
        SecurityMode.SslOnConnect => Text("SSL/TLS (implicit)", "SSL/TLS（直连加密）"),
        SecurityMode.None => Text("None (plain text)", "无（明文）"),
        _ => mode.Describe(),
    };

    public static string Describe(this UsernameForm form) => form switch
    {
        UsernameForm.FullAddress => Text("full email address", "完整邮箱地址"),
        UsernameForm.LocalPart => Text("the part of the address before @", "地址中 @ 之前的部分"),
        UsernameForm.LiteralApiKey => Text("the literal word apikey", "字面值 apikey"),
        UsernameForm.DashboardLogin => Text("SMTP login from the dashboard", "控制台中的 SMTP 登录名"),
        UsernameForm.ApiKey => Text("API key / token", "API 密钥 / 令牌"),
        _ => Text("as the server expects", "按服务器要求"),
    };
}
