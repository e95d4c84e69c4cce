using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using SmtpPortal.Data;
using SmtpPortal.Fallback;
using SmtpPortal.History;
using SmtpPortal.Hosting;
using SmtpPortal.Localization;

namespace SmtpPortal.Alerts;

/// <summary>How one channel took one alert: <see cref="Problem"/> is null when it was accepted.</summary>
public sealed record AlertDelivery(AlertChannel Channel, DeliveryProblem? Problem)
{
    public bool Succeeded => Problem is null;
}

/// <summary>Why a channel did not take an alert: a key of AlertText's <c>Delivery…</c> words and
/// its argument (a number, or the channel's own error text), rendered in the reader's language.</summary>
public sealed record DeliveryProblem(string Key, string Argument = "")
{
    public string Describe(IStringLocalizer words) => words[$"Delivery{Key}", Argument];
}

/// <summary>Raises and clears alert conditions and posts them to every channel. A condition is
/// named by its key (its titles are <c>{Key}Failing</c>/<c>{Key}Recovered</c> in AlertText's
/// resources): it alerts once when it starts failing and once more when it clears, never in between.
/// New conditions (the relay's) only add a key and its words.</summary>
public sealed class AlertService(
    AlertChannelStore channels,
    IDbContextFactory<PortalDbContext> dbFactory,
    IHttpClientFactory httpClients,
    IStringLocalizer<AlertText> L,
    IOptions<AlertsOptions> options,
    IOptions<SmtpPortalOptions> portalOptions,
    FallbackMail fallbackMail,
    TimeProvider time,
    ILogger<AlertService> logger)
{
    public const string HttpClientName = "SmtpPortal.Alerts";
    public static readonly AuditActor Actor = new("alerts", null);

    private readonly SemaphoreSlim _reporting = new(1, 1);

    /// <summary>Reports the state of one condition; alerts only when it changes.</summary>
    /// <param name="describe">What happened and what to do, written with the localizer it is
    /// given (already set to the channel's language); never a secret.</param>
    /// <param name="title">A title other than the condition's own, when the case needs other words.</param>
    public async Task ReportAsync(string conditionKey, bool failing, Func<IStringLocalizer, string> describe, CancellationToken ct,
        Func<IStringLocalizer, string>? title = null)
    {
        await _reporting.WaitAsync(ct);
        try
        {
            if (await ChangeAsync(conditionKey, failing, ct) is not { } change)
                return;
            var (since, now) = change;
            logger.LogWarning("Alert condition {Condition} is now {State}", conditionKey, failing ? "failing" : "recovered");

            var alertState = failing ? AlertState.Failing : AlertState.Recovered;
            await SendToAllAsync(language => InLanguage(language, () =>
            {
                var text = describe(L);
                if (!failing && since is { } start)
                    text += "\n" + L["FailingSince", AlertText.Utc(start)];
                return new AlertMessage(conditionKey, alertState, title?.Invoke(L) ?? L[$"{conditionKey}{alertState}"], Sign(text), now);
            }), ct);
        }
        finally
        {
            _reporting.Release();
        }
    }

    /// <summary>Records a condition's state without alerting, because another alert already told
    /// of it (one cause, one alert); when it clears later, that is alerted as usual.</summary>
    public async Task RecordAsync(string conditionKey, bool failing, CancellationToken ct)
    {
        await _reporting.WaitAsync(ct);
        try
        {
            await ChangeAsync(conditionKey, failing, ct);
        }
        finally
        {
            _reporting.Release();
        }
    }

    /// <summary>Stores the condition's new state; null when it already was in it (nothing to tell).
    /// Otherwise since when the previous state held, and now.</summary>
    private async Task<(DateTimeOffset? Since, DateTimeOffset Now)?> ChangeAsync(string conditionKey, bool failing, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var state = await db.AlertConditions.FindAsync([conditionKey], ct);
        if ((state?.Failing ?? false) == failing)
            return null;
        var now = time.GetUtcNow();
        var since = state?.Since;
        if (state is null)
            db.AlertConditions.Add(state = new AlertConditionState { Key = conditionKey });
        state.Failing = failing;
        state.Since = now;
        await db.SaveChangesAsync(ct);
        return (since, now);
    }

    /// <summary>The conditions failing now, oldest first.</summary>
    public async Task<IReadOnlyList<AlertConditionState>> FailingAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // SQLite cannot order by a DateTimeOffset; the conditions are a handful.
        return [.. (await db.AlertConditions.AsNoTracking().Where(c => c.Failing).ToListAsync(ct)).OrderBy(c => c.Since)];
    }

    /// <summary>"Send test alert": one message to one channel, recorded like any alert.</summary>
    public async Task<AlertDelivery?> SendTestAsync(int channelId, AuditActor actor, CancellationToken ct)
    {
        var channel = (await channels.ListAsync(ct)).FirstOrDefault(c => c.Id == channelId);
        if (channel is null)
            return null;
        var now = time.GetUtcNow();
        return await DeliverAsync(channel, language => InLanguage(language,
            () => new AlertMessage("Test", AlertState.Test, L["TestTitle"], Sign(L["TestText"]), now)), actor, ct);
    }

    private async Task SendToAllAsync(Func<string, AlertMessage> messageIn, CancellationToken ct)
    {
        var all = await channels.ListAsync(ct);
        // In parallel and each under its own deadline: a channel that hangs delays no other.
        await Task.WhenAll(all.Select(channel => DeliverAsync(channel, messageIn, Actor, ct)));
    }

    private async Task<AlertDelivery> DeliverAsync(AlertChannel channel, Func<string, AlertMessage> messageIn, AuditActor actor, CancellationToken ct)
    {
        var message = messageIn(channel.Language);
        var problem = await PostAsync(channel, message, ct);
        // The History and the log stay in English, whatever the channel speaks.
        var english = messageIn(UiLanguage.English).Title;
        var label = $"{AlertChannelNames.Of(channel.Kind)} '{channel.Name}': {english}";
        var reason = problem is null ? null : InLanguage(UiLanguage.English, () => problem.Describe(L));
        await using (var db = await dbFactory.CreateDbContextAsync(CancellationToken.None))
        {
            db.AuditEntries.Add(AuditEntry.Of(problem is null ? AuditAction.AlertSent : AuditAction.AlertFailed, actor, time.GetUtcNow(),
                problem is null ? label : $"{label}; not delivered: {reason}"));
            await db.SaveChangesAsync(CancellationToken.None);
        }
        if (problem is not null)
            logger.LogWarning("Alert to {Kind} channel {Channel} not delivered: {Problem}", channel.Kind, channel.Name, reason);
        return new AlertDelivery(channel, problem);
    }

    private async Task<DeliveryProblem?> PostAsync(AlertChannel channel, AlertMessage message, CancellationToken ct)
    {
        if (channels.Decrypt(channel) is not { } target)
            return new DeliveryProblem("Undecryptable");
        var deadline = options.Value.ChannelTimeout;
        if (channel.Kind == AlertChannelKind.Email)
            return await MailAsync(target.Address!, message, deadline, ct);
        using var timeout = new CancellationTokenSource(deadline, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            using var request = AlertFormats.Build(channel.Kind, target, message, time.GetUtcNow(), options.Value.TelegramApiBase);
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, linked.Token);
            var body = await response.Content.ReadAsStringAsync(linked.Token);
            return AlertFormats.Refusal(channel.Kind, response.StatusCode, body) is { } refusal ? new DeliveryProblem("Refused", target.Redact(refusal)) : null;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return new DeliveryProblem("NoAnswer", deadline.TotalSeconds.ToString("0", CultureInfo.InvariantCulture));
        }
        catch (HttpRequestException ex)
        {
            // The exception's own text can carry the URL (and with it a robot's key): only its kind is kept.
            return ex.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => new DeliveryProblem("HostUnknown"),
                HttpRequestError.ConnectionError => new DeliveryProblem("CannotConnect"),
                HttpRequestError.SecureConnectionError => new DeliveryProblem("TlsFailed"),
                _ => new DeliveryProblem("RequestFailed", ex.HttpRequestError.ToString()),
            };
        }
    }

    /// <summary>An email channel: the alert as a plain-text email through the fallback provider.</summary>
    private async Task<DeliveryProblem?> MailAsync(string address, AlertMessage message, TimeSpan deadline, CancellationToken ct)
    {
        // An SMTP conversation needs more than a chat robot's answer: the send timeout, at least the channel's.
        var sent = await fallbackMail.SendAsync(address, $"[SmtpPortal] {message.Title}", message.Text,
            deadline > portalOptions.Value.SendTimeout ? deadline : portalOptions.Value.SendTimeout, ct);
        return sent.Succeeded ? null
            : sent.Category == Smtp.SmtpFailureCategory.NotConfigured ? new DeliveryProblem("NoFallback")
            : new DeliveryProblem("MailNotSent", AlertReasons.Of(L, sent));
    }

    private string Sign(string text) => $"{text}\n\n{L["Signature", Environment.MachineName]}";

    private static T InLanguage<T>(string language, Func<T> render)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
        try
        {
            return render();
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
