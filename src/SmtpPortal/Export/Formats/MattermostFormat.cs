using SmtpPortal.Smtp;

namespace SmtpPortal.Export.Formats;

/// <summary>MM_EMAILSETTINGS_* environment variables (EmailSettings in config.json).
/// Words: https://docs.mattermost.com/configure/environment-configuration-settings.html#smtp-email-server
/// — ConnectionSecurity is "TLS" for implicit TLS, "STARTTLS" for STARTTLS and "" for none.</summary>
public sealed class MattermostFormat : ExportFormat
{
    public override string Id => "mattermost";
    public override IReadOnlyList<string> InstructionCode => ["env_file"];
    public override string FileName => "mattermost-smtp.env";
    public override string DocsUrl => "https://docs.mattermost.com/configure/environment-configuration-settings.html";

    public static string ConnectionSecurity(SecurityMode mode) => mode switch
    {
        SecurityMode.SslOnConnect => "TLS",
        SecurityMode.StartTls => "STARTTLS",
        _ => "",
    };

    public override string Render(ExportValues values) => new EnvLines()
        .Comment(ExportedFor("Mattermost"))
        .Add("MM_EMAILSETTINGS_SENDEMAILNOTIFICATIONS", true)
        .Add("MM_EMAILSETTINGS_SMTPSERVER", values.Host)
        .Add("MM_EMAILSETTINGS_SMTPPORT", values.Port)
        .Add("MM_EMAILSETTINGS_CONNECTIONSECURITY", ConnectionSecurity(values.Security))
        .Add("MM_EMAILSETTINGS_ENABLESMTPAUTH", values.HasLogin)
        .Add("MM_EMAILSETTINGS_SMTPUSERNAME", values.Username)
        .Add("MM_EMAILSETTINGS_SMTPPASSWORD", values.Password)
        .Add("MM_EMAILSETTINGS_FEEDBACKEMAIL", values.FromAddress)
        .Add("MM_EMAILSETTINGS_FEEDBACKNAME", values.FromName)
        .Add("MM_EMAILSETTINGS_REPLYTOADDRESS", values.ReplyTo)
        .ToString();
}
