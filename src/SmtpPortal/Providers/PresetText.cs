using Microsoft.Extensions.Localization;
using SmtpPortal.Localization;
using SmtpPortal.Smtp;

namespace SmtpPortal.Providers;

/// <summary>The words the settings form uses for a preset's name, username and secret, in the UI language.</summary>
public static class PresetText
{
    private static readonly IStringLocalizer L = StaticLocalizer.For(typeof(PresetText));

    /// <summary>A preset's name as the UI shows it: the catalog's product names stay as they are;
    /// "Custom SMTP" is not a product and is said in the admin's language.</summary>
    public static string DisplayName(this ProviderPreset preset) => preset.IsCustom ? L["CustomName"] : preset.Name;

    public static string SecretLabel(this SecretKind kind) => L[kind switch
    {
        SecretKind.AppPassword => "SecretAppPassword",
        SecretKind.AuthorizationCode => "SecretAuthorizationCode",
        SecretKind.ApiKey => "SecretApiKey",
        SecretKind.SmtpKey => "SecretSmtpKey",
        SecretKind.OAuth2Only => "SecretOAuth2Only",
        SecretKind.OAuth2Preferred => "SecretOAuth2Preferred",
        _ => "SecretPassword",
    }];

    public static string SecretFieldLabel(this ProviderPreset preset) =>
        preset.SecretLabel?.Text ?? preset.SecretKind.SecretLabel();

    /// <summary>The username form in words, with the preset's own fixed word where it has one.</summary>
    public static string UsernameDescription(this ProviderPreset preset) => preset.UsernameForm == UsernameForm.LiteralApiKey
        ? L["UsernameLiteralWord", preset.FixedUsername]
        : preset.UsernameForm.Describe();

    public static string UsernameFieldHint(this ProviderPreset preset) =>
        preset.UsernameHint?.Text ?? preset.UsernameForm.UsernameHint();

    public static string UsernameHint(this UsernameForm form) => L[form switch
    {
        UsernameForm.FullAddress => "UsernameHintFullAddress",
        UsernameForm.LocalPart => "UsernameHintLocalPart",
        UsernameForm.LiteralApiKey => "UsernameHintLiteralApiKey",
        UsernameForm.DashboardLogin => "UsernameHintDashboardLogin",
        UsernameForm.ApiKey => "UsernameHintApiKey",
        _ => "UsernameHintCustom",
    }];

    /// <summary>The security mode for the UI; Smtp's own Describe() stays English because it goes
    /// into logs, the command line and the API.</summary>
    public static string DescribeForUi(this SecurityMode mode) => L[mode switch
    {
        SecurityMode.SslOnConnect => "SecuritySslOnConnect",
        SecurityMode.StartTls => "SecurityStartTls",
        _ => "SecurityNone",
    }];

    /// <summary>"465 · SSL/TLS (implicit)": a port the preset offers, as a chip on the form.</summary>
    public static string LabelForUi(this PresetPort port) => $"{port.Port} · {port.Security.DescribeForUi()}";

    public static string Describe(this UsernameForm form) => L[form switch
    {
        UsernameForm.FullAddress => "UsernameFullAddress",
        UsernameForm.LocalPart => "UsernameLocalPart",
        UsernameForm.LiteralApiKey => "UsernameLiteralApiKey",
        UsernameForm.DashboardLogin => "UsernameDashboardLogin",
        UsernameForm.ApiKey => "UsernameApiKey",
        _ => "UsernameCustom",
    }];
}
