using SmtpPortal.Export;
using SmtpPortal.History;
using SmtpPortal.Providers;
using SmtpPortal.Security;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;

namespace SmtpPortal.Api;

/// <summary>The HTTP API under /api. Every endpoint needs an API token with the right scope and
/// goes through the same store, validation and test path as the settings page.</summary>
public static class ApiEndpoints
{
    public const string RateLimitPolicy = "api";

    public static RouteGroupBuilder MapSettingsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireRateLimiting(RateLimitPolicy).WithTags("SmtpPortal API");
        api.MapGet("/settings", GetSettingsAsync).RequireAuthorization(ApiPolicies.Read)
            .WithSummary("The stored SMTP settings; includePassword=true also needs the read-secret scope.");
        api.MapPut("/settings", PutSettingsAsync).RequireAuthorization(ApiPolicies.Write)
            .WithSummary("Replace the SMTP settings; an empty password keeps the stored one.");
        api.MapPost("/settings/test", TestAsync).RequireAuthorization(ApiPolicies.Test)
            .WithSummary("Send a test email with the stored settings.");
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

    private static async Task<IResult> GetSettingsAsync(HttpContext http, SmtpSettingsStore store, SecretProtector secrets,
        SecretReveals reveals, bool includePassword = false, CancellationToken ct = default)
    {
        if (includePassword && !http.User.Has(ApiScopes.ReadSecret))
            return ForbidToken();
        var settings = await store.GetAsync(ct);
        if (settings is null)
            return NotConfigured();
        var password = includePassword && settings.ProtectedPassword is not null
            ? secrets.TryUnprotect(settings.ProtectedPassword)
            : null;
        if (includePassword && settings.ProtectedPassword is not null && password is null)
            return PasswordUnreadable();
        if (password is not null)
            await reveals.RecordAsync(Actor(http), SecretChannel.Api, "GET /api/settings");
        return Results.Ok(ApiSettings.From(settings, password));
    }

    private static async Task<IResult> PutSettingsAsync(
        ApiSettingsUpdate update, HttpContext http, SmtpSettingsStore store, ProviderCatalog catalog, CancellationToken ct)
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
        };
        var stored = await store.GetAsync(ct);
        // No revision given: the caller means "whatever is stored now" (a script that only writes).
        var result = await store.SaveAsync(input, update.Revision ?? stored?.Revision, ct, Actor(http));
        if (result.IsConflict)
            return ApiProblem.Field(StatusCodes.Status409Conflict, "Conflict", "revision", update.Revision is { } given
                ? $"The stored settings' revision is now {(await store.GetAsync(ct))?.Revision}, not revision {given} as given: someone saved since you read them. Read them again and retry."
                : "Someone else saved the settings at the same moment, so nothing was saved: send the request again.");
        if (!result.Succeeded)
            return Results.ValidationProblem(result.Errors.ToDictionary(e => JsonName(e.Key), e => new[] { e.Value }));
        return Results.Ok(ApiSettings.From(result.Settings!));
    }

    private static async Task<IResult> TestAsync(
        ApiTestRequest request, HttpContext http, TestEmailService tests, CancellationToken ct)
    {
        var actor = Actor(http);
        var outcome = await tests.SendAsync(request.To, actor.Name, ct, actor);
        return outcome.Category switch
        {
            SmtpFailureCategory.InvalidRecipient => Results.ValidationProblem(new Dictionary<string, string[]> { ["to"] = [outcome.Summary] }),
            SmtpFailureCategory.NotConfigured or SmtpFailureCategory.PasswordUnreadable =>
                Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not configured", detail: outcome.Summary),
            _ => Results.Ok(ApiTestResult.From(outcome)),
        };
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
        return Results.Text(export.Text, chosen.ContentType + "; charset=utf-8");
    }

    /// <summary>The History page shows API changes as "api:&lt;token name&gt;" from the caller's address.</summary>
    private static AuditActor Actor(HttpContext http) =>
        new("api:" + http.User.Identity!.Name, http.Connection.RemoteIpAddress?.ToString());

    private static IResult ForbidToken() => Results.Forbid(authenticationSchemes: [ApiTokenAuthenticationHandler.SchemeName]);

    private static IResult NotConfigured() => Results.Problem(statusCode: StatusCodes.Status404NotFound,
        title: "Not configured", detail: "No SMTP settings are saved yet.");

    private static IResult PasswordUnreadable() => Results.Problem(statusCode: StatusCodes.Status409Conflict,
        title: "Password unreadable", detail: "The stored password can't be decrypted (the key ring was lost or replaced): enter it again.");

    private static string JsonName(string member) => char.ToLowerInvariant(member[0]) + member[1..];
}
