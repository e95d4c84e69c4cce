using System.Text;
using SmtpPortal.Smtp;

namespace SmtpPortal.Export.Formats;

/// <summary><c>occ config:system:set</c> commands for Nextcloud's mail_* system settings.
/// Keys and words: https://docs.nextcloud.com/server/latest/admin_manual/configuration_server/email_configuration.html
/// and config.sample.php: mail_smtpsecure is 'ssl' for implicit TLS and '' otherwise — Nextcloud
/// then uses STARTTLS whenever the server offers it and cannot be told to require it.
/// The From address is split: mail_from_address is the part before @, mail_domain the part after.</summary>
public sealed class NextcloudFormat : ExportFormat
{
    public override string Id => "nextcloud";
    public override IReadOnlyList<string> InstructionCode => ["sudo -u www-data php occ …"];
    public override string FileName => "nextcloud-mail.sh";
    public override string DocsUrl => "https://docs.nextcloud.com/server/latest/admin_manual/configuration_server/email_configuration.html";

    public static string SecureWord(SecurityMode mode) => mode == SecurityMode.SslOnConnect ? "ssl" : "";

    public override string Render(ExportValues values)
    {
        var text = new StringBuilder($"#!/bin/sh\n# {ExportedFor("Nextcloud")}\n");
        if (values.Security == SecurityMode.StartTls)
            text.Append($"# {Text["CommentNextcloudStartTls"]}\n");
        void Set(string key, string value, string? type = null) =>
            text.Append($"php occ config:system:set {key} --value={Quote.Shell(value)}")
                .Append(type is null ? "" : $" --type={type}").Append('\n');

        Set("mail_smtpmode", "smtp");
        Set("mail_smtphost", values.Host);
        Set("mail_smtpport", values.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "integer");
        Set("mail_smtpsecure", SecureWord(values.Security));
        Set("mail_smtpauth", values.HasLogin ? "true" : "false", "boolean");
        if (values.HasLogin)
        {
            Set("mail_smtpname", values.Username!);
            Set("mail_smtppassword", values.Password!);
        }
        Set("mail_from_address", values.FromLocalPart);
        Set("mail_domain", values.FromDomain);
        return text.ToString();
    }
}
