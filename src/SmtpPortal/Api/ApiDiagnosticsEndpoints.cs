using SmtpPortal.History;
using SmtpPortal.Providers;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;
using SmtpPortal.Smtp.Diagnostics;

namespace SmtpPortal.Api;

/// <summary>What the settings page's test panel does, for scripts: send a test, check the
/// connection, probe the ports, trust a certificate a failed run saw. Same per-minute cap (per
/// token) and History entries as the page.</summary>
internal static class ApiDiagnosticsEndpoints
{
    public static void MapDiagnosticsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/settings/test", TestAsync).RequireAuthorization(ApiPolicies.Test)
            .WithSummary("Send a test email with the stored settings: stages, the failing stage, the server's reply and the advice.");
        api.MapPost("/settings/check", CheckAsync).RequireAuthorization(ApiPolicies.Test)
            .WithSummary("Connect and log in with the stored settings, then quit: no message.");
        api.MapPost("/probe", ProbeAsync).RequireAuthorization(ApiPolicies.Test)
            .WithSummary("Which of ports 25, 465, 587 and 2525 of the host answer from this server, and with which security.");
        api.MapPost("/settings/trust-certificate", TrustAsync).RequireAuthorization(ApiPolicies.Write)
            .WithSummary("Trust exactly the certificate the last failed test or check saw, by its SHA-256 fingerprint.");
    }

    private static async Task<IResult> TestAsync(
        ApiTestRequest request, HttpContext http, TestEmailService tests, RunReports reports, CancellationToken ct) =>
        Answer(await tests.SendAsync(request.To, ApiEndpoints.Requester(http), null, ct), reports, http);

    private static async Task<IResult> CheckAsync(HttpContext http, TestEmailService tests, RunReports reports, CancellationToken ct) =>
        Answer(await tests.CheckAsync(ApiEndpoints.Requester(http), null, ct), reports, http);

    private static IResult Answer(TestRunResult run, RunReports reports, HttpContext http)
    {
        ApiEndpoints.SayWhenToRetry(run, http);
        var report = reports.Create(run.Outcome, run.Preset);
        return run.Diagnosis.Category switch
        {
            SmtpFailureCategory.InvalidRecipient => Results.ValidationProblem(
                new Dictionary<string, string[]> { ["to"] = [run.Diagnosis.Evidence.Detail ?? report.Summary] }),
            SmtpFailureCategory.RateLimited => Results.Problem(statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many tests", detail: report.Summary),
            SmtpFailureCategory.NotConfigured or SmtpFailureCategory.PasswordUnreadable =>
                Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not configured", detail: report.Summary),
            _ => Results.Ok(report),
        };
    }

    private static async Task<IResult> ProbeAsync(ApiProbeRequest? request, HttpContext http, PortProbeService probes,
        PortProbeText texts, DiagnosisText diagnoses, CancellationToken ct)
    {
        var result = await probes.ProbeAsync(request?.Host, ApiEndpoints.Requester(http), ct);
        if (result.Limit is { } limit)
        {
            http.Response.Headers.RetryAfter = ApiEndpoints.RetryAfter(limit);
            return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many tests", detail: diagnoses.Summary(limit));
        }
        if (result.Problem is { } problem)
            return problem == ProbeProblem.NotConfigured
                ? ApiEndpoints.NotConfigured()
                : Results.ValidationProblem(new Dictionary<string, string[]> { ["host"] = [result.HostProblem!] });
        var report = result.Report!;
        return Results.Ok(new ApiProbeResult(report.Host,
            [.. report.Ports.Select(p => new ApiProbePort(p.Port, p.State.ToString(), p.Banner, texts.Meaning(report.Host, p), (long)p.Elapsed.TotalMilliseconds))],
            report.Port, report.Security?.ToName(), texts.Recommendation(report)));
    }

    private static async Task<IResult> TrustAsync(
        ApiTrustRequest request, HttpContext http, SmtpSettingsStore store, CertificateTrustText texts, CancellationToken ct)
    {
        var result = await store.TrustCertificateAsync(request.Sha256 ?? "", request.Revision, ApiEndpoints.Actor(http), ct);
        if (result.IsConflict)
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict",
                detail: "The settings changed since that run (or none are saved): run the test again first.");
        if (result.TrustRefused is { } refused)
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["sha256"] = [texts.Describe(refused)] });
        return Results.Ok(ApiSettings.From(result.Settings!));
    }
}
