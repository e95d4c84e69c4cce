using System.Globalization;
using SmtpPortal.History;
using SmtpPortal.Localization;
using SmtpPortal.Smtp.Diagnostics;

namespace SmtpPortal.Smtp;

/// <summary>An outcome's sentence kept as a message (a resource key with its arguments), so that
/// History shows a test's result in the viewer's language while the page, the API and the command
/// line get the words of the current UI language (docs/decisions/0022-localization.md).</summary>
public static class OutcomeText
{
    /// <summary>A message of <paramref name="resource"/>'s resources. Arguments: text and numbers stay
    /// as they are; a security mode and a stage are shown in the reader's words.</summary>
    public static AuditText Of(Type resource, string key, params object[] args) =>
        AuditText.From(resource, key, [.. args.Select(Argument)]);

    /// <summary>The message's words now (the current UI language).</summary>
    public static string Words(AuditText message) => AuditTextRenderer.Render(message, ViewerTimeZone.Unknown);

    public static SendOutcome Failed(SmtpFailureCategory category, AuditText summary, int? code = null, string? reply = null) =>
        SendOutcome.Failed(category, Words(summary), code, reply) with { SummaryMessage = summary };

    private static AuditText Argument(object value) => value switch
    {
        AuditText text => text,
        SecurityMode mode => AuditText.Mode(mode),
        SmtpStage stage => AuditText.From(typeof(StageReport), stage.ToString()),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
