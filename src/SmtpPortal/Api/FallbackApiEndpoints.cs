using SmtpPortal.Fallback;
using SmtpPortal.Providers;
using SmtpPortal.Smtp;
using SmtpPortal.Smtp.Diagnostics;

namespace SmtpPortal.Api;

/// <summary>The fallback provider under /api/fallback: reading needs the read scope, saving and
/// removing it the write scope (as the settings), its check the test scope (as the settings'
/// check). Same store, rules, cap and History as the Fallback provider page; never its password.</summary>
public static class FallbackApiEndpoints
{
    public static RouteGroupBuilder MapFallbackApi(this IEndpointRouteBuilder app)
    {
        var fallback = app.MapGroup("/api/fallback").RequireRateLimiting(ApiEndpoints.RateLimitPolicy).WithTags("Fallback provider")
            .AddEndpointFilter(async (context, next) =>
            {
                // The store words its problems in the reader's language; the API's reader is a script.
                System.Globalization.CultureInfo.CurrentUICulture = EnglishText.Culture;
                return await next(context);
            });
        fallback.MapGet("", GetAsync).RequireAuthorization(ApiPolicies.Read)
            .WithSummary("The fallback provider (never its password) and whether it carries the relay's mail now: inUse, inUseSince, switchReason.");
        fallback.MapPut("", PutAsync).RequireAuthorization(ApiPolicies.Write)
            .WithSummary("Set or replace the fallback provider; an empty password keeps the stored one for the same server and account. "
                + "switchAfterMinutes defaults to 10.");
        fallback.MapDelete("", DeleteAsync).RequireAuthorization(ApiPolicies.Write)
            .WithSummary("Remove the fallback provider; if it carried the relay's mail, the main provider takes it back.");
        fallback.MapPost("/check", CheckAsync).RequireAuthorization(ApiPolicies.Test)
            .WithSummary("Connect and log in to the fallback provider, then quit: no message. Counts towards the per-minute test cap.");
        return fallback;
    }

    private static async Task<IResult> GetAsync(FallbackProviderStore store, CancellationToken ct) =>
        await store.GetAsync(ct) is { } stored ? Results.Ok(ApiFallbackProvider.From(stored)) : NotSet();

    private static async Task<IResult> PutAsync(
        ApiFallbackUpdate update, HttpContext http, FallbackProviderStore store, ProviderCatalog catalog, CancellationToken ct)
    {
        var preset = catalog.Find(update.Preset ?? ProviderPreset.CustomId);
        var errors = new Dictionary<string, string[]>();
        if (preset is null)
            errors["preset"] = [$"Unknown preset. Known: {string.Join(", ", catalog.All.Select(p => p.Id))}."];
        if (!SecurityModeNames.TryParse(update.Security, out var security))
            errors["security"] = [$"Use one of: {string.Join(", ", SecurityModeNames.All)}."];
        if (errors.Count > 0)
            return Results.ValidationProblem(errors);

        var saved = await store.SaveAsync(new FallbackInput
        {
            PresetId = preset!.Id,
            Host = update.Host,
            Port = update.Port,
            Security = security,
            Username = update.Username,
            Password = update.Password,
            FromAddress = update.FromAddress,
            SwitchAfterMinutes = update.SwitchAfterMinutes ?? FallbackInput.DefaultSwitchAfterMinutes,
        }, ApiEndpoints.Actor(http), ct);
        return saved.Succeeded
            ? Results.Ok(ApiFallbackProvider.From(saved.Saved!))
            : Results.ValidationProblem(saved.Problems.ToDictionary(p => JsonName(p.Key), p => new[] { p.Value }));
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, FallbackProviderStore store, CancellationToken ct) =>
        await store.RemoveAsync(ApiEndpoints.Actor(http), ct) ? Results.NoContent() : NotSet();

    private static async Task<IResult> CheckAsync(HttpContext http, FallbackCheck checks, RunReports reports, CancellationToken ct)
    {
        if (await checks.RunAsync(ApiEndpoints.Requester(http), null, ct) is not { } run)
            return NotSet();
        ApiEndpoints.SayWhenToRetry(run, http);
        var report = reports.Create(run.Outcome, run.Preset);
        return run.Diagnosis.Category switch
        {
            SmtpFailureCategory.RateLimited => Results.Problem(statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many tests", detail: report.Summary),
            SmtpFailureCategory.NotConfigured or SmtpFailureCategory.PasswordUnreadable => Results.Problem(
                statusCode: StatusCodes.Status409Conflict, title: "Fallback password missing",
                detail: $"{report.Summary} Set it with PUT /api/fallback."),
            _ => Results.Ok(report),
        };
    }

    private static IResult NotSet() => Results.Problem(statusCode: StatusCodes.Status404NotFound,
        title: "Not configured", detail: "No fallback provider is set: PUT /api/fallback sets one.");

    private static string JsonName(string member) => char.ToLowerInvariant(member[0]) + member[1..];
}

/// <summary>The fallback provider as the API shows it: whether a password is set and since when, never the password.</summary>
public sealed record ApiFallbackProvider(
    string Preset, string Host, int Port, string Security, string? Username, bool PasswordSet, DateTimeOffset? PasswordSetAt,
    string FromAddress, int SwitchAfterMinutes, bool InUse, DateTimeOffset? InUseSince, string? SwitchReason,
    string? SwitchCategory, int Revision, DateTimeOffset UpdatedAt)
{
    public static ApiFallbackProvider From(FallbackProvider f) => new(
        f.PresetId, f.Host, f.Port, f.Security.ToName(), f.Username, f.ProtectedPassword is not null, f.PasswordSetAt,
        f.FromAddress, f.SwitchAfterMinutes, f.InUse, f.InUseSince, f.SwitchReason, f.SwitchCategory?.ToString(), f.Revision, f.UpdatedAt);
}

/// <summary>A whole fallback provider (PUT). An empty password keeps the stored one, for the same
/// server and account only; switchAfterMinutes absent means the default (10).</summary>
public sealed record ApiFallbackUpdate(
    string? Preset, string? Host, int? Port, string? Security, string? Username, string? Password,
    string? FromAddress, int? SwitchAfterMinutes);
