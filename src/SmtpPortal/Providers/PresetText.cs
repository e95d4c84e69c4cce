namespace SmtpPortal.Providers;

/// <summary>The words the settings form uses for a preset's username and secret.</summary>
public static class PresetText
{
    public static string SecretLabel(this SecretKind kind) => kind switch
    {
        SecretKind.AppPassword => "App password",
        SecretKind.AuthorizationCode => "Authorization code (授权码)",
        SecretKind.ApiKey => "API key",
        SecretKind.SmtpKey => "SMTP key",
        SecretKind.OAuth2Only => "Password (this provider accepts OAuth2 only, see the notes)",
        _ => "Password",
    };

    public static string UsernameHint(this UsernameForm form) => form switch
    {
        UsernameForm.FullAddress => "Your full email address, e.g. name@example.com",
        UsernameForm.LiteralApiKey => "Type the word apikey, literally: it is the same for every account",
        UsernameForm.DashboardLogin => "The SMTP login shown in the provider's dashboard",
        UsernameForm.ApiKey => "Your API key",
        _ => "Leave empty if the server accepts mail without a login",
    };
}
