using System.Text.Json;
using SmtpPortal.Smtp;
using SmtpPortal.Smtp.Diagnostics;

namespace SmtpPortal.Cli;

/// <summary>Prints a run as the settings page shows it: the result, every stage, the failing
/// stage, the server's own reply, what happened and how to fix it; or, with --json, the same
/// report as the API returns.</summary>
internal static class RunPrinter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <param name="trustHint">How to trust a certificate the run refused ({0}: its fingerprint).</param>
    public static int Print(CliConsole console, TestRunResult run, RunReports reports, bool json,
        string trustHint = "To trust exactly this certificate: SmtpPortal trust-certificate --sha256 {0}")
    {
        var report = reports.Create(run.Outcome, run.Preset);
        if (json)
            console.Out.WriteLine(JsonSerializer.Serialize(report, Json));
        else
            Write(run.Succeeded ? console.Out : console.Error, report, trustHint);
        return run.Diagnosis.Category switch
        {
            SmtpFailureCategory.None => ExitCodes.Ok,
            SmtpFailureCategory.InvalidRecipient => ExitCodes.Invalid,
            SmtpFailureCategory.NotConfigured or SmtpFailureCategory.PasswordUnreadable => ExitCodes.NotConfigured,
            SmtpFailureCategory.RateLimited => ExitCodes.RateLimited,
            _ => ExitCodes.TestFailed,
        };
    }

    private static void Write(TextWriter output, RunReport report, string trustHint)
    {
        output.WriteLine(report.Summary);
        if (report.Stages.Count > 0)
        {
            output.WriteLine("Stages:");
            foreach (var stage in report.Stages)
            {
                var took = stage.State is "Ok" or "Failed" ? $" ({stage.DurationMs} ms)" : "";
                output.WriteLine($"  {stage.State.ToLowerInvariant(),-8}{stage.Title}{took}{(stage.Detail is { } d ? ": " + d : "")}");
            }
        }
        if (report.FailedStage is not null)
            output.WriteLine($"Failing stage: {report.Stages.Single(s => s.Stage == report.FailedStage).Title}");
        if (report.ServerReply is { } reply)
            output.WriteLine($"Server said{(report.ReplyCode is { } code ? $" ({code})" : "")}: {reply.Replace("\n", "\n  ", StringComparison.Ordinal)}");
        if (report.Explanation is { } explanation)
            output.WriteLine($"What happened: {explanation}");
        if (report.Fix is { } fix)
            output.WriteLine($"How to fix it: {fix}");
        foreach (var detail in report.Details)
            output.WriteLine(detail);
        if (report.TrustableCertificateSha256 is { } sha)
            output.WriteLine(string.Format(System.Globalization.CultureInfo.InvariantCulture, trustHint, sha));
        if (report is { SuggestedSecurity: { } security, SuggestedPort: { } port })
            output.WriteLine($"To switch: SmtpPortal settings set --port {port} --security {security} --password-stdin");
        if (report.MayHaveBeenDelivered)
            output.WriteLine("The message may have been delivered: check the inbox before sending again.");
    }
}
