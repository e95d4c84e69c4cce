using System.Text;
using SmtpPortal.Smtp;

namespace SmtpPortal.Export.Formats;

/// <summary>gitlab_rails['smtp_*'] lines for /etc/gitlab/gitlab.rb.
/// Keys and words: https://docs.gitlab.com/omnibus/settings/smtp/ — smtp_tls = true is implicit
/// TLS (SMTPS, usually 465) and must go with smtp_enable_starttls_auto = false; STARTTLS is
/// smtp_enable_starttls_auto = true with smtp_tls = false; plain text turns both off.</summary>
public sealed class GitLabFormat : ExportFormat
{
    public override string Id => "gitlab";
    public override IReadOnlyList<string> InstructionCode => ["/etc/gitlab/gitlab.rb", "sudo gitlab-ctl reconfigure"];
    public override string FileName => "gitlab-smtp.rb";
    public override string DocsUrl => "https://docs.gitlab.com/omnibus/settings/smtp/";

    public static (bool Tls, bool StartTlsAuto) Words(SecurityMode mode) =>
        (mode == SecurityMode.SslOnConnect, mode == SecurityMode.StartTls);

    public override string Render(ExportValues values)
    {
        var text = new StringBuilder($"# {ExportedFor("GitLab")}\n");
        void Set(string key, string literal) => text.Append($"gitlab_rails['{key}'] = {literal}\n");
        static string Bool(bool value) => value ? "true" : "false";
        var (tls, startTlsAuto) = Words(values.Security);

        Set("smtp_enable", "true");
        Set("smtp_address", Quote.Ruby(values.Host));
        Set("smtp_port", values.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (values.HasLogin)
        {
            Set("smtp_user_name", Quote.Ruby(values.Username!));
            Set("smtp_password", Quote.Ruby(values.Password!));
            Set("smtp_authentication", Quote.Ruby("login"));
        }
        Set("smtp_domain", Quote.Ruby(values.FromDomain));
        Set("smtp_tls", Bool(tls));
        Set("smtp_enable_starttls_auto", Bool(startTlsAuto));
        Set("gitlab_email_from", Quote.Ruby(values.FromAddress));
        if (!string.IsNullOrEmpty(values.FromName))
            Set("gitlab_email_display_name", Quote.Ruby(values.FromName));
        if (!string.IsNullOrEmpty(values.ReplyTo))
            Set("gitlab_email_reply_to", Quote.Ruby(values.ReplyTo));
        return text.ToString();
    }
}
