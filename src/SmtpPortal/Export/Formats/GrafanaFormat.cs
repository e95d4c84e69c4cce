using SmtpPortal.Smtp;

namespace SmtpPortal.Export.Formats;

/// <summary>GF_SMTP_* environment variables ([smtp] in grafana.ini).
/// Keys: https://grafana.com/docs/grafana/latest/setup-grafana/configure-grafana/#smtp —
/// startTLS_policy is MandatoryStartTLS for STARTTLS and NoStartTLS for plain text. Grafana has
/// no implicit-TLS switch: its mail library uses implicit TLS when (and only when) the port is 465.</summary>
public sealed class GrafanaFormat : ExportFormat
{
    public override string Id => "grafana";
    public override string FileName => "grafana-smtp.env";
    public override string DocsUrl => "https://grafana.com/docs/grafana/latest/setup-grafana/configure-grafana/#smtp";

    public const int ImplicitTlsPort = 465;

    /// <summary>Null for implicit TLS: the port alone decides it in Grafana.</summary>
    public static string? StartTlsPolicy(SecurityMode mode) => mode switch
    {
        SecurityMode.StartTls => "MandatoryStartTLS",
        SecurityMode.None => "NoStartTLS",
        _ => null,
    };

    public override string Render(ExportValues values)
    {
        var lines = new EnvLines().Comment(ExportedFor("Grafana"));
        if (values.Security == SecurityMode.SslOnConnect && values.Port != ImplicitTlsPort)
            lines.Comment(Text["CommentGrafanaImplicitOnly", ImplicitTlsPort, values.Port]);
        if (values.Security != SecurityMode.SslOnConnect && values.Port == ImplicitTlsPort)
            lines.Comment(Text["CommentGrafanaAlwaysImplicit", ImplicitTlsPort]);
        return lines
            .Add("GF_SMTP_ENABLED", true)
            .Add("GF_SMTP_HOST", $"{HostForAddress(values.Host)}:{values.Port}")
            .Add("GF_SMTP_USER", values.Username)
            .Add("GF_SMTP_PASSWORD", values.Password)
            .Add("GF_SMTP_FROM_ADDRESS", values.FromAddress)
            .Add("GF_SMTP_FROM_NAME", values.FromName)
            .Add("GF_SMTP_STARTTLS_POLICY", StartTlsPolicy(values.Security))
            .ToString();
    }

    // host:port needs brackets around an IPv6 literal.
    private static string HostForAddress(string host) => host.Contains(':') && !host.StartsWith('[') ? $"[{host}]" : host;
}
