using System.Text;
using SmtpPortal.Smtp;

namespace SmtpPortal.Export.Formats;

/// <summary>The [mailer] section of Gitea's app.ini (Gitea 1.18 and later).
/// Keys and words: https://docs.gitea.com/administration/config-cheat-sheet#mailer-mailer —
/// PROTOCOL is "smtps" for implicit TLS, "smtp+starttls" for STARTTLS and "smtp" for plain text.</summary>
public sealed class GiteaFormat : ExportFormat
{
    public override string Id => "gitea";
    public override IReadOnlyList<string> InstructionCode => ["[mailer]", "custom/conf/app.ini"];
    public override string FileName => "gitea-mailer.ini";
    public override string DocsUrl => "https://docs.gitea.com/administration/config-cheat-sheet#mailer-mailer";

    public static string Protocol(SecurityMode mode) => mode switch
    {
        SecurityMode.SslOnConnect => "smtps",
        SecurityMode.StartTls => "smtp+starttls",
        _ => "smtp",
    };

    public override string Render(ExportValues values)
    {
        var text = new StringBuilder($"; {ExportedFor("Gitea")}\n[mailer]\n");
        void Set(string key, string value) => text.Append($"{key} = {value}\n");

        Set("ENABLED", "true");
        Set("PROTOCOL", Protocol(values.Security));
        Set("SMTP_ADDR", values.Host);
        Set("SMTP_PORT", values.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (values.HasLogin)
        {
            Set("USER", Quote.GoIni(values.Username!));
            Set("PASSWD", Quote.GoIni(values.Password!));
        }
        Set("FROM", Quote.GoIni(values.FromMailbox));
        return text.ToString();
    }
}
