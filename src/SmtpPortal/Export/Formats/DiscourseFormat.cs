using System.Text;
using SmtpPortal.Smtp;

namespace SmtpPortal.Export.Formats;

/// <summary>DISCOURSE_SMTP_* variables for the env: section of discourse_docker's containers/app.yml.
/// Keys: https://github.com/discourse/discourse_docker/blob/main/samples/standalone.yml and
/// https://github.com/discourse/discourse/blob/main/config/discourse_defaults.conf, where
/// smtp_force_tls is implicit TLS (RFC 8314) and smtp_enable_start_tls is STARTTLS (default true).</summary>
public sealed class DiscourseFormat : ExportFormat
{
    public override string Id => "discourse";
    public override IReadOnlyList<string> InstructionCode => ["env:", "containers/app.yml", "./launcher rebuild app"];
    public override string FileName => "discourse-smtp.yml";
    public override string DocsUrl => "https://github.com/discourse/discourse/blob/main/config/discourse_defaults.conf";

    public static (bool ForceTls, bool EnableStartTls) Words(SecurityMode mode) =>
        (mode == SecurityMode.SslOnConnect, mode == SecurityMode.StartTls);

    public override string Render(ExportValues values)
    {
        var text = new StringBuilder($"# {ExportedFor("Discourse")}\nenv:\n");
        void Set(string key, string value) => text.Append($"  {key}: {Quote.Json(value)}\n");
        var (forceTls, startTls) = Words(values.Security);

        Set("DISCOURSE_SMTP_ADDRESS", values.Host);
        Set("DISCOURSE_SMTP_PORT", values.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (values.HasLogin)
        {
            Set("DISCOURSE_SMTP_USER_NAME", values.Username!);
            Set("DISCOURSE_SMTP_PASSWORD", values.Password!);
        }
        Set("DISCOURSE_SMTP_ENABLE_START_TLS", startTls ? "true" : "false");
        Set("DISCOURSE_SMTP_FORCE_TLS", forceTls ? "true" : "false");
        Set("DISCOURSE_SMTP_DOMAIN", values.FromDomain);
        Set("DISCOURSE_NOTIFICATION_EMAIL", values.FromAddress);
        return text.ToString();
    }
}
