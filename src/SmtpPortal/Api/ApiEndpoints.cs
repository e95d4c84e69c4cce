using SmtpPortal.Export;
using SmtpPortal.History;
using SmtpPortal.Providers;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;
using SmtpPortal.Smtp.Diagnostics;

namespace SmtpPortal.Api;

/// <summary>The HTTP API under /api. Every endpoint needs an API token with the right scope and
/// goes through the same services, rules, limits and History as the settings page. It speaks
/// English, whatever the caller's Accept-Language.</summary>
public static class ApiEndpoints
{
    public const string RateLimitPolicy = "api";

    public static RouteGroupBuilder MapSettingsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireRateLimiting(RateLimitPolicy).WithTags("SmtpPortal API")
            .AddEndpointFilter(async (context, next) =>
            {
                System.Globalization.CultureInfo.CurrentUICulture = EnglishText.Culture;
                return await next(context);
            });
        api.MapGet("/settings", GetSettingsAsync).RequireAuthorization(ApiPolicies.Read)
            .WithSummary("The stored SMTP settings; includePassword=true also needs the read-secret scope.");
        api.MapPut("/settings", PutSettingsAsync).RequireAuthorization(ApiPolicies.Write)
            .WithSummary("Replace the SMTP settings; an empty password keeps the stored one. A new password or destination "
                + "is tested against the server before it is stored, unless saveWithoutTesting is true.");
        api.MapDiagnosticsApi();
        api.MapGet("/presets", (ProviderCatalog catalog) => catalog.All.Select(ApiPreset.From))
            .RequireAuthorization(ApiPolicies.Read).WithSummary("The provider presets.");
        api.MapGet("/export/{format}", ExportAsync).RequireAuthorization(ApiPolicies.Read)
            .WithSummary($"The settings ready to paste into an app: {string.Join(", ", ExportCatalog.Ids)}.");
        api.MapDomainCheck();
        // Anything else under /api — unknown path, wrong method, body that is not JSON — is
        // token-protected and answered in JSON, never with the portal's sign-in redirect.
        api.MapMethods("/{**rest}",
                [HttpMethods.Get, HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete, HttpMethods.Head, HttpMethods.Options],
                ApiFallback.Answer)
            .RequireAuthorization(ApiPolicies.AnyToken).WithMetadata(new ApiFallback.FallbackMarker()).ExcludeFromDescription();
        return api;
    }

    private static async Task<IResult> GetSettingsAsync(HttpContext http, SmtpSettingsStore store,
        bool includePassword = false, CancellationToken ct = default)
    {
        if (includePassword && !http.User.Has(ApiScopes.ReadSecret))
            return ForbidToken();
        // The store records the reveal before it hands the password out.
        var (settings, password, unreadable) = includePassword
            ? await store.RevealPasswordAsync(Actor(http), SecretChannel.Api, "GET /api/settings", ct)
            : new RevealedSettings(await store.GetAsync(ct), null, false);
        if (settings is null)
            return NotConfigured();
        if (unreadable)
            return PasswordUnreadable();
        return Results.Ok(ApiSettings.From(settings, password));
    }

    private static async Task<IResult> PutSettingsAsync(ApiSettingsUpdate update, HttpContext http, SmtpSettingsStore store,
        SmtpSettingsEditor editor, ProviderCatalog catalog, RunReports reports, CancellationToken ct)
    {
        var preset = catalog.Find(update.Preset ?? ProviderPreset.CustomId);
        var errors = new Dictionary<string, string[]>();
        if (preset is null)
            errors["preset"] = [$"Unknown preset. Known: {string.Join(", ", catalog.All.Select(p => p.Id))}."];
        if (!SecurityModeNames.TryParse(update.Security, out var security))
            errors["security"] = [$"Use one of: {string.Join(", ", SecurityModeNames.All)}."];
        if (errors.Count > 0)
            return Results.ValidationProblem(errors);

        var input = new SmtpSettingsInput
        {
            PresetId = preset!.Id,
            UsernameRequired = !preset.IsCustom,
            Host = update.Host,
            Port = update.Port,
            Security = security,
            Username = update.Username,
            Password = update.Password,
            FromAddress = update.FromAddress,
            FromName = update.FromName,
            ReplyTo = update.ReplyTo,
            TrustCertificateSha256 = update.TrustCertificateSha256,
        };
        var stored = await store.GetAsync(ct);
        // No revision given: the caller means "whatever is stored now" (a script that only writes).
        var result = await editor.SaveAsync(input, update.Revision ?? stored?.Revision,
            update.SaveWithoutTesting == true ? SaveTesting.WithoutTesting : SaveTesting.TestFirst, Requester(http), ct);
        var warnings = result.Notices.Select(n => n.Message).ToList();
        if (result.IsConflict)
            return ApiProblem.Field(StatusCodes.Status409Conflict, "Conflict", "revision", update.Revision is { } given
                ? $"The stored settings' revision is now {(await store.GetAsync(ct))?.Revision}, not revision {given} as given: someone saved since you read them. Read them again and retry."
                : "Someone else saved the settings at the same moment, so nothing was saved: send the request again.");
        if (result.Test is { Succeeded: false } test)
            return Untested(test, reports, warnings, http);
        if (!result.Succeeded)
            return Results.ValidationProblem(result.Errors.ToDictionary(e => JsonName(e.Key), e => new[] { e.Value }),
                extensions: new Dictionary<string, object?> { ["warnings"] = warnings });
        return Results.Ok(ApiSavedSettings.From(result.Settings!, warnings,
            result.Test is { } passed ? reports.Create(passed.Outcome, passed.Preset) : null));
    }

    /// <summary>The new settings failed their test: nothing stored (429 when the per-minute cap refused the test).</summary>
    private static IResult Untested(TestRunResult test, RunReports reports, List<string> warnings, HttpContext http)
    {
        var report = reports.Create(test.Outcome, test.Preset);
        var capped = SayWhenToRetry(test, http);
        return Results.Problem(statusCode: capped ? StatusCodes.Status429TooManyRequests : StatusCodes.Status422UnprocessableEntity,
            title: "Not saved: the new settings did not pass their test",
            detail: $"{report.Summary} Nothing was stored. To store them anyway (a server this machine cannot reach yet), send saveWithoutTesting: true.",
            extensions: new Dictionary<string, object?> { ["test"] = report, ["warnings"] = warnings });
    }

    private static async Task<IResult> ExportAsync(
        string format, HttpContext http, SettingsExporter exporter, bool includePassword = false, CancellationToken ct = default)
    {
        var chosen = ExportCatalog.Find(format);
        if (chosen is null)
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown format",
                detail: $"Known formats: {string.Join(", ", ExportCatalog.Ids)}.");
        if (includePassword && !http.User.Has(ApiScopes.ReadSecret))
            return ForbidToken();
        var export = await exporter.ExportAsync(chosen, includePassword, Actor(http), SecretChannel.Api, ct);
        if (!export.IsConfigured)
            return NotConfigured();
        if (export.PasswordUnreadable)
            return PasswordUnreadable();
        if (export.OAuthNote is { } note)
            http.Response.Headers["X-SmtpPortal-Note"] = note;
        return Results.Text(export.Text, chosen.ContentType + "; charset=utf-8");
    }

    /// <summary>A run the per-minute test cap refused: Retry-After says when the next may start. True when capped.</summary>
    internal static bool SayWhenToRetry(TestRunResult run, HttpContext http)
    {
        if (run.Diagnosis.Category != SmtpFailureCategory.RateLimited)
            return false;
        http.Response.Headers.RetryAfter = RetryAfter(run.Diagnosis);
        return true;
    }

    /// <summary>Whole seconds until the cap lets the next run start.</summary>
    internal static string RetryAfter(SmtpDiagnosis limit) =>
        (limit.Evidence.RetryAfterSeconds ?? 60).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The History page shows API changes as "api:&lt;token name&gt;" from the caller's address.</summary>
    internal static AuditActor Actor(HttpContext http) =>
        new("api:" + http.User.Identity!.Name, http.Connection.RemoteIpAddress?.ToString());

    /// <summary>Tests are capped per token, not per name or address.</summary>
    internal static Requester Requester(HttpContext http) =>
        Smtp.Requester.ApiToken(Actor(http), http.User.FindFirst(ApiTokenAuthenticationHandler.TokenIdClaim)!.Value);

    internal static IResult ForbidToken() => Results.Forbid(authenticationSchemes: [ApiTokenAuthenticationHandler.SchemeName]);

    internal static IResult NotConfigured() => Results.Problem(statusCode: StatusCodes.Status404NotFound,
        title: "Not configured", detail: "No SMTP settings are saved yet.");

    internal static IResult PasswordUnreadable() => Results.Problem(statusCode: StatusCodes.Status409Conflict,
        title: "Password unreadable", detail: "The stored password can't be decrypted (the key ring was lost or replaced): enter it again.");

    private static string JsonName(string member) => char.ToLowerInvariant(member[0]) + member[1..];
}
