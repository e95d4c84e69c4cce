using System.Text;
using SmtpPortal.Smtp;

namespace SmtpPortal.Export.Formats;

/// <summary>WP Mail SMTP's constants for wp-config.php.
/// Keys: https://wpmailsmtp.com/docs/how-to-secure-smtp-settings-by-using-constants/ .
/// WPMS_SSL takes '' | 'ssl' | 'tls', handed to PHPMailer's SMTPSecure, where 'ssl' is implicit
/// TLS (PHPMailer::ENCRYPTION_SMTPS) and 'tls' is STARTTLS (PHPMailer::ENCRYPTION_STARTTLS).
/// WPMS_SMTP_AUTOTLS would upgrade a plain connection when offered, so it is off for "none".</summary>
public sealed class WordPressFormat : ExportFormat
{
    public override string Id => "wordpress";
    public override IReadOnlyList<string> InstructionCode => ["wp-config.php", "/* That's all, stop editing! */"];
    public override string FileName => "wp-mail-smtp.php";
    public override string DocsUrl => "https://wpmailsmtp.com/docs/how-to-secure-smtp-settings-by-using-constants/";

    public static string EncryptionWord(SecurityMode mode) => mode switch
    {
        SecurityMode.SslOnConnect => "ssl",
        SecurityMode.StartTls => "tls",
        _ => "",
    };

    public override string Render(ExportValues values)
    {
        var text = new StringBuilder($"<?php\n// {ExportedFor("WP Mail SMTP")}\n");
        void Define(string name, string literal) => text.Append($"define( '{name}', {literal} );\n");
        void DefineText(string name, string value) => Define(name, Quote.Php(value));
        static string Bool(bool value) => value ? "true" : "false";

        Define("WPMS_ON", "true");
        DefineText("WPMS_MAILER", "smtp");
        DefineText("WPMS_SMTP_HOST", values.Host);
        Define("WPMS_SMTP_PORT", values.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        DefineText("WPMS_SSL", EncryptionWord(values.Security));
        Define("WPMS_SMTP_AUTOTLS", Bool(values.Security != SecurityMode.None));
        Define("WPMS_SMTP_AUTH", Bool(values.HasLogin));
        if (values.HasLogin)
        {
            DefineText("WPMS_SMTP_USER", values.Username!);
            DefineText("WPMS_SMTP_PASS", values.Password!);
        }
        DefineText("WPMS_MAIL_FROM", values.FromAddress);
        Define("WPMS_MAIL_FROM_FORCE", "true");
        if (!string.IsNullOrEmpty(values.FromName))
        {
            DefineText("WPMS_MAIL_FROM_NAME", values.FromName);
            Define("WPMS_MAIL_FROM_NAME_FORCE", "true");
        }
        return text.ToString();
    }
}
