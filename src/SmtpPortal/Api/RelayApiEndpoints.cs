using Microsoft.Extensions.Options;
using SmtpPortal.History;
using SmtpPortal.Providers;
using SmtpPortal.Relay;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;

namespace SmtpPortal.Api;

/// <summary>The relay under /api/relay: reading needs the read scope, changing it (the switch,
/// app logins, retry and delete) the relay scope. Same stores and History as the Relay and Sent
/// mail pages.</summary>
public static class RelayApiEndpoints
{
    public static RouteGroupBuilder MapRelayApi(this IEndpointRouteBuilder app)
    {
        var relay = app.MapGroup("/api/relay").RequireRateLimiting(ApiEndpoints.RateLimitPolicy).WithTags("Relay");
        relay.MapGet("", GetStatusAsync).RequireAuthorization(ApiPolicies.Read)
            .WithSummary("Whether the relay is on, where it listens, what apps use to reach it, and the queue's figures.");
        relay.MapPut("", PutStatusAsync).RequireAuthorization(ApiPolicies.Relay)
            .WithSummary("Turn the relay on or off, and whether the send log keeps subjects.");
        relay.MapGet("/apps", async (RelayAppStore apps, CancellationToken ct) => (await apps.ListAsync(ct)).Select(ApiRelayApp.From))
            .RequireAuthorization(ApiPolicies.Read).WithSummary("The apps' relay logins (never their secrets).");
        relay.MapPost("/apps", CreateAppAsync).RequireAuthorization(ApiPolicies.Relay)
            .WithSummary("Create an app's relay login; the answer carries its secret, this once.");
        relay.MapDelete("/apps/{id:int}", RevokeAppAsync).RequireAuthorization(ApiPolicies.Relay)
            .WithSummary("Revoke an app's relay login: it stops working at once.");
        relay.MapGet("/queue", GetQueueAsync).RequireAuthorization(ApiPolicies.Read)
            .WithSummary($"The newest {SendLog.PageSize} messages of the send log; status and search filter it.");
        relay.MapGet("/queue/{id:long}", GetMessageAsync).RequireAuthorization(ApiPolicies.Read)
            .WithSummary("One message of the send log with its delivery attempts.");
        relay.MapPost("/queue/{id:long}/retry", RetryAsync).RequireAuthorization(ApiPolicies.Relay)
            .WithSummary("Send a waiting or failed message now.");
        relay.MapDelete("/queue/{id:long}", DeleteAsync).RequireAuthorization(ApiPolicies.Relay)
            .WithSummary("Delete a message from the queue and the send log.");
        return relay;
    }

    private static async Task<IResult> GetStatusAsync(
        RelayStateStore states, RelayRuntime runtime, RelayAppSettings appSettings, SendLog log, TimeProvider time,
        IOptions<RelayOptions> options, CancellationToken ct)
    {
        var state = await states.GetAsync(ct);
        var local = time.GetLocalNow();
        var figures = await log.FiguresAsync(new DateTimeOffset(local.Date, local.Offset), ct);
        var current = runtime.Current;
        return Results.Ok(new ApiRelayStatus(
            state.Enabled, [.. current.Listening.Select(e => e.ToString())], current.ListenProblem,
            [.. options.Value.ListenEndpoints.Select(e => e.ToString())], appSettings.Host, appSettings.Port, appSettings.Security.ToName(),
            state.RecordSubjects, current.MaxMessageBytes, current.MaxRecipients,
            figures.QueueLength, figures.DeliveredToday, figures.FailedToday, figures.OldestDeferredSince, figures.LastError?.LastReason));
    }

    private static async Task<IResult> PutStatusAsync(
        ApiRelayUpdate update, HttpContext http, RelayStateStore states, RelayListenerService listener, CancellationToken ct)
    {
        var actor = Actor(http);
        if (update.Enabled is { } enabled)
            await states.SetEnabledAsync(enabled, actor, ct);
        if (update.RecordSubjects is { } record)
            await states.SetRecordSubjectsAsync(record, actor, ct);
        await listener.ApplyAsync(ct);
        var state = await states.GetAsync(ct);
        return Results.Ok(new { enabled = state.Enabled, recordSubjects = state.RecordSubjects });
    }

    private static async Task<IResult> CreateAppAsync(
        ApiRelayAppRequest request, HttpContext http, RelayAppStore apps, RelayAppSettings appSettings, SmtpSettingsStore settings,
        ProviderCatalog catalog, ProviderAdvice advice, CancellationToken ct)
    {
        var senders = request.AllowedSenders is { Count: > 0 } given ? string.Join('\n', given) : (await settings.GetAsync(ct))?.FromAddress;
        var created = await apps.CreateAsync(request.Name, senders, Actor(http), ct);
        if (!created.Succeeded)
        {
            var errors = new Dictionary<string, string[]>();
            if (created.NameProblem is { } name)
                errors["name"] = [name.English];
            if (created.SendersProblem is { } problem)
                errors["allowedSenders"] = [problem.English];
            return Results.ValidationProblem(errors);
        }
        var values = appSettings.For(created.App!, created.Secret);
        var warnings = SenderWarnings.For(created.App!.Senders, await settings.GetAsync(ct), catalog, advice).Select(w => w.English).ToList();
        return Results.Ok(new ApiCreatedRelayApp(ApiRelayApp.From(created.App), created.Secret!, values.Host, values.Port, values.Security.ToName(), warnings));
    }

    private static async Task<IResult> RevokeAppAsync(int id, HttpContext http, RelayAppStore apps, CancellationToken ct) =>
        Answer(await apps.RevokeAsync(id, Actor(http), ct));

    private static async Task<IResult> GetQueueAsync(SendLog log, string? status = null, string? search = null, CancellationToken ct = default)
    {
        RelayMessageStatus? wanted = null;
        if (status is not null)
        {
            if (!Enum.TryParse<RelayMessageStatus>(status, ignoreCase: true, out var parsed) || int.TryParse(status, out _))
                return Results.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["status"] = [$"Use one of: {string.Join(", ", Enum.GetNames<RelayMessageStatus>().Select(n => n.ToLowerInvariant()))}."],
                });
            wanted = parsed;
        }
        return Results.Ok((await log.FindAsync(new SendLogFilter(wanted, Text: search), ct)).Select(ApiSendLogLine.From));
    }

    private static async Task<IResult> GetMessageAsync(long id, SendLog log, CancellationToken ct)
    {
        var (message, attempts) = await log.GetAsync(id, ct);
        return message is null
            ? Answer(new RelayProblem("MessageNotFound"))
            : Results.Ok(new { message = ApiSendLogLine.From(message), attempts = attempts.Select(ApiRelayAttempt.From) });
    }

    private static async Task<IResult> RetryAsync(long id, HttpContext http, SendLog log, CancellationToken ct) =>
        Answer(await log.RetryNowAsync(id, Actor(http), ct));

    private static async Task<IResult> DeleteAsync(long id, HttpContext http, SendLog log, CancellationToken ct) =>
        Answer(await log.DeleteAsync(id, Actor(http), ct));

    private static IResult Answer(RelayProblem? problem) => problem switch
    {
        null => Results.NoContent(),
        { Key: "AppNotFound" or "MessageNotFound" } => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: problem.English),
        _ => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: problem.English),
    };

    private static AuditActor Actor(HttpContext http) =>
        new("api:" + http.User.Identity!.Name, http.Connection.RemoteIpAddress?.ToString());
}

public sealed record ApiRelayStatus(
    bool Enabled, IReadOnlyList<string> ListeningOn, string? ListenProblem, IReadOnlyList<string> Endpoints,
    string HostForApps, int Port, string Security, bool RecordSubjects, long MaxMessageBytes, int MaxRecipients,
    int Queued, int DeliveredToday, int FailedToday, DateTimeOffset? OldestDeferredSince, string? LastError);

public sealed record ApiRelayUpdate(bool? Enabled, bool? RecordSubjects);

public sealed record ApiRelayAppRequest(string? Name, IReadOnlyList<string>? AllowedSenders);

public sealed record ApiRelayApp(
    int Id, string Name, string UserName, IReadOnlyList<string> AllowedSenders, DateTimeOffset CreatedAt, string CreatedBy,
    DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
{
    public static ApiRelayApp From(RelayApp a) =>
        new(a.Id, a.Name, a.UserName, a.Senders.Entries, a.CreatedAt, a.CreatedBy, a.LastUsedAt, a.RevokedAt);
}

public sealed record ApiCreatedRelayApp(ApiRelayApp App, string Secret, string Host, int Port, string Security, IReadOnlyList<string> Warnings);

public sealed record ApiSendLogLine(
    long Id, DateTimeOffset AcceptedAt, string App, string EnvelopeFrom, IReadOnlyList<string> Recipients, string? Subject,
    long SizeBytes, string? MessageId, string Status, int Attempts, DateTimeOffset? NextAttemptAt, DateTimeOffset? FinishedAt,
    string? LastReply, string? LastReasonCode, string? LastReason)
{
    public static ApiSendLogLine From(RelayMessage m) => new(
        m.Id, m.AcceptedAt, m.AppName, m.EnvelopeFrom, m.RecipientList, m.Subject, m.SizeBytes, m.MessageIdHeader,
        m.Status.ToString().ToLowerInvariant(), m.Attempts, m.IsFinished ? null : m.NextAttemptAt, m.FinishedAt,
        m.LastReply, m.LastReasonCode, m.LastReason);
}

public sealed record ApiRelayAttempt(DateTimeOffset At, bool Delivered, string Category, bool Permanent, int? ReplyCode, string? Reply, string Summary)
{
    public static ApiRelayAttempt From(RelayAttempt a) =>
        new(a.At, a.Delivered, a.Category == SmtpFailureCategory.None ? "delivered" : a.Category.ToString(), a.Permanent, a.ReplyCode, a.Reply, a.Summary);
}
