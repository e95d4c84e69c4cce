using SmtpPortal.Smtp;

namespace SmtpPortal.Export.Formats;

/// <summary>mail__* environment variables (the "mail" block of config.production.json).
/// Keys: https://ghost.org/docs/config/#mail . The options go to Nodemailer
/// (https://nodemailer.com/smtp/#tls-options): secure = true is implicit TLS; secure = false with
/// requireTLS = true is STARTTLS that must succeed; ignoreTLS = true never upgrades.</summary>
public sealed class GhostFormat : ExportFormat
{
    public override string Id => "ghost";
    public override string FileName => "ghost-mail.env";
    public override string DocsUrl => "https://ghost.org/docs/config/#mail";

    public static (bool Secure, bool RequireTls, bool IgnoreTls) Words(SecurityMode mode) =>
        (mode == SecurityMode.SslOnConnect, mode == SecurityMode.StartTls, mode == SecurityMode.None);

    public override string Render(ExportValues values)
    {
        var (secure, requireTls, ignoreTls) = Words(values.Security);
        var lines = new EnvLines()
            .Comment(ExportedFor("Ghost"))
            .Add("mail__transport", "SMTP")
            .Add("mail__from", values.FromMailbox)
            .Add("mail__options__host", values.Host)
            .Add("mail__options__port", values.Port)
            .Add("mail__options__secure", secure);
        if (requireTls)
            lines.Add("mail__options__requireTLS", true);
        if (ignoreTls)
            lines.Add("mail__options__ignoreTLS", true);
        return lines
            .Add("mail__options__auth__user", values.Username)
            .Add("mail__options__auth__pass", values.Password)
            .ToString();
    }
}
