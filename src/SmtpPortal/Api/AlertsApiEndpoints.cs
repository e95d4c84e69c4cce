using Microsoft.Extensions.Localization;
using SmtpPortal.Alerts;

namespace SmtpPortal.Api;

/// <summary>Alert channels under /api/alerts: listing needs the read scope, adding, removing and
/// test alerts the alerts scope. The same store, rules and History as the Alerts page; a channel's
/// URL, secret and bot token go in and never come back out.</summary>
public static class AlertsApiEndpoints
{
    public static RouteGroupBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        var alerts = app.MapGroup("/api/alerts").RequireRateLimiting(ApiEndpoints.RateLimitPolicy).WithTags("Alerts");
        alerts.MapGet("/channels", async (AlertChannelStore channels, CancellationToken ct) => (await channels.ListAsync(ct)).Select(ApiAlertChannel.From))
            .RequireAuthorization(ApiPolicies.Read).WithSummary("The alert channels: id, name, kind, language (never their URL, secret or token).");
        alerts.MapPost("/channels", AddAsync).RequireAuthorization(ApiPolicies.Alerts)
            .WithSummary($"Add a channel. kind: {string.Join(", ", AlertChannelNames.Keys)}; language: en or zh-CN; url and secret, "
                + "for telegram botToken and chatId, or for email an address (sent through the fallback provider). Stored encrypted, never shown again.");
        alerts.MapDelete("/channels/{id:int}", RemoveAsync).RequireAuthorization(ApiPolicies.Alerts)
            .WithSummary("Remove a channel.");
        alerts.MapPost("/channels/{id:int}/test", TestAsync).RequireAuthorization(ApiPolicies.Alerts)
            .WithSummary("Send a test alert to one channel: delivered, or why not.");
        return alerts;
    }

    private static async Task<IResult> AddAsync(ApiAlertChannelRequest request, HttpContext http, AlertChannelStore channels, CancellationToken ct)
    {
        var saved = await channels.AddAsync(new AlertChannelInput
        {
            Kind = AlertChannelNames.FromKey(request.Kind),
            Name = request.Name,
            Language = request.Language ?? Localization.UiLanguage.English,
            Url = request.Url,
            Secret = request.Secret,
            BotToken = request.BotToken,
            ChatId = request.ChatId,
            Address = request.Address,
        }, ApiEndpoints.Actor(http), ct);
        if (!saved.Succeeded)
            return Results.ValidationProblem(saved.Problems.ToDictionary(p => JsonName(p.Key), p => new[] { p.Value }));
        var channel = ApiAlertChannel.From(saved.Channel!);
        return Results.Created($"/api/alerts/channels/{channel.Id}", channel);
    }

    private static async Task<IResult> RemoveAsync(int id, HttpContext http, AlertChannelStore channels, CancellationToken ct) =>
        await channels.RemoveAsync(id, ApiEndpoints.Actor(http), ct) ? Results.NoContent() : NotFound();

    /// <summary>A channel that did not take the test alert is still an answered request (200): the
    /// test ran, and its outcome is the answer, as with a test email.</summary>
    private static async Task<IResult> TestAsync(
        int id, HttpContext http, AlertService alerts, IStringLocalizer<AlertText> words, CancellationToken ct)
    {
        var delivery = await alerts.SendTestAsync(id, ApiEndpoints.Actor(http), ct);
        return delivery is null ? NotFound()
            : Results.Ok(new ApiTestAlert(ApiAlertChannel.From(delivery.Channel), delivery.Succeeded, delivery.Problem?.Describe(words)));
    }

    private static IResult NotFound() =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "No alert channel with this id.");

    private static string JsonName(string member) => char.ToLowerInvariant(member[0]) + member[1..];
}

public sealed record ApiAlertChannelRequest(
    string? Kind, string? Name, string? Language, string? Url, string? Secret, string? BotToken, string? ChatId, string? Address);

public sealed record ApiAlertChannel(int Id, string Name, string Kind, string Language, DateTimeOffset CreatedAt)
{
    public static ApiAlertChannel From(AlertChannel c) => new(c.Id, c.Name, AlertChannelNames.Key(c.Kind), c.Language, c.CreatedAt);
}

/// <summary>A test alert's outcome: <see cref="Problem"/> says why it was not delivered, in English.</summary>
public sealed record ApiTestAlert(ApiAlertChannel Channel, bool Delivered, string? Problem);
