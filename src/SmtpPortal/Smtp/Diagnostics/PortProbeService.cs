using System.Globalization;
using SmtpPortal.History;
using SmtpPortal.Providers;
using SmtpPortal.Settings;

namespace SmtpPortal.Smtp.Diagnostics;

public enum ProbeProblem
{
    NotConfigured,
    BadHost,

    /// <summary>The per-minute test cap: <see cref="ProbeResult.Limit"/> says how many and when to retry.</summary>
    RateLimited,
}

public sealed record ProbeResult(PortProbeReport? Report, ProbeProblem? Problem = null, string? HostProblem = null,
    SmtpDiagnosis? Limit = null);

/// <summary>The port probe as the page, the API and the command line run it: the saved host
/// unless another is given (checked like the settings' host), within the per-minute test cap
/// (a probe connects to any host given, so a token must not turn it into a port scanner), and a
/// History entry for each probe.</summary>
public sealed class PortProbeService(PortProbe probe, SmtpSettingsStore store, ProviderCatalog catalog, AuditLog audit, TestQuota quota)
{
    public static readonly TimeSpan PerPort = TimeSpan.FromSeconds(5);

    public async Task<ProbeResult> ProbeAsync(string? host, Requester requester, CancellationToken ct)
    {
        var settings = await store.GetAsync(ct);
        var target = string.IsNullOrWhiteSpace(host) ? settings?.Host : host.Trim();
        if (target is null)
            return new(null, ProbeProblem.NotConfigured);
        if (InputRules.CheckHost(target) is { } problem)
            return new(null, ProbeProblem.BadHost, problem);
        if (await quota.TakeAsync(requester, ct) is { } wait)
            return new(null, ProbeProblem.RateLimited, Limit: SmtpDiagnosis.Of(SmtpFailureCategory.RateLimited, new SmtpEvidence
            {
                PerMinute = quota.PerMinute, RetryAfterSeconds = SmtpEvidence.WholeSeconds(wait),
            }));
        // The saved preset's recommended port counts only for the saved host.
        var preset = string.Equals(target, settings?.Host, StringComparison.OrdinalIgnoreCase)
            ? catalog.FindOrCustom(settings?.PresetId) : catalog.Custom;
        var report = await probe.ProbeAsync(target, PortProbe.StandardPorts, PerPort, preset, ct);
        // A message, so History reads in each viewer's language.
        await audit.RecordAsync(AuditAction.PortsProbed, requester.Actor, AuditText.Of("PortsProbed", target,
            AuditText.List(report.Ports.Select(p => AuditText.Of("PortState", p.Port.ToString(CultureInfo.InvariantCulture), StateText(p.State)))),
            report.Port is { } port ? AuditText.Of("PortsProbedUse", port.ToString(CultureInfo.InvariantCulture), AuditText.Mode(report.Security!.Value)) : ""));
        return new(report);
    }

    private static AuditText StateText(PortState state) => state switch
    {
        PortState.StartTls => "STARTTLS",
        PortState.ImplicitTls => "SSL/TLS",
        _ => AuditText.From(typeof(PortProbeText), "State" + (state is PortState.PlainOnly or PortState.Silent or PortState.Closed or PortState.Filtered ? state : PortState.Unresolved)),
    };
}
