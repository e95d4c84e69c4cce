namespace SmtpPortal.Export.Formats;

/// <summary>SmtpPortal's own generic variables, for scripts and apps configured by hand.
/// SMTP_SECURITY uses the portal's words: ssl (implicit TLS), starttls, none.</summary>
public sealed class GenericEnvFormat : ExportFormat
{
    public override string Id => "env";
    public override IReadOnlyList<string> InstructionCode => ["smtp.env", "set -a; . ./smtp.env; set +a", "env_file"];
    public override string FileName => "smtp.env";
    public override string DocsUrl => "https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html#tag_19_02_02";

    public override string Render(ExportValues values) => new EnvLines()
        .Comment(Text["CommentGenericEnv"])
        .Add("SMTP_HOST", values.Host)
        .Add("SMTP_PORT", values.Port)
        .Add("SMTP_SECURITY", Smtp.SecurityModeNames.ToName(values.Security))
        .Add("SMTP_USERNAME", values.Username ?? "")
        .Add("SMTP_PASSWORD", values.Password ?? "")
        .Add("SMTP_FROM", values.FromAddress)
        .Add("SMTP_FROM_NAME", values.FromName ?? "")
        .ToString();
}
