using Microsoft.Extensions.Localization;

namespace SmtpPortal.Smtp.Diagnostics;

/// <summary>The words for a port probe: what each port's state means and what to use.</summary>
public sealed class PortProbeText(IStringLocalizer<PortProbeText> text, DiagnosisText diagnosis)
{
    public string State(PortState state) => state switch
    {
        PortState.StartTls => "STARTTLS",
        PortState.ImplicitTls => "SSL/TLS",
        PortState.PlainOnly => text["StatePlainOnly"],
        PortState.Silent => text["StateSilent"],
        PortState.Closed => text["StateClosed"],
        PortState.Filtered => text["StateFiltered"],
        _ => text["StateUnresolved"],
    };

    public string Meaning(string host, PortProbeResult result) => result.State switch
    {
        PortState.StartTls => text["MeansStartTls", result.Port],
        PortState.PlainOnly => text["MeansPlainOnly", result.Port],
        PortState.ImplicitTls => text["MeansImplicitTls", result.Port],
        PortState.Silent => text["MeansSilent", result.Port],
        PortState.Closed => text["MeansClosed", result.Port],
        PortState.Filtered when result.Port == 25 => text["MeansFiltered25"],
        PortState.Filtered => text["MeansFiltered", result.Port],
        _ => text["MeansUnresolved", host],
    };

    public string Recommendation(PortProbeReport report) =>
        report.Ports.All(p => p.State == PortState.Unresolved) ? text["FixHostFirst"]
        : report is { Port: { } port, Security: { } mode } ? text["UsePort", port, diagnosis.Mode(mode)]
        : text["NoPortUsable"];
}
