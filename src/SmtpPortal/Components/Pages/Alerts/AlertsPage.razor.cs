using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MudBlazor;
using SmtpPortal.Alerts;
using SmtpPortal.History;
using SmtpPortal.Localization;

namespace SmtpPortal.Components.Pages.Alerts;

/// <summary>Alert channels: add one (its address and secrets are never shown again), send it a
/// test alert, remove it; and when the scheduled check runs and what is failing now.</summary>
public sealed partial class AlertsPage
{
    [Inject] private AlertChannelStore Channels { get; set; } = default!;
    [Inject] private AlertService Alerts { get; set; } = default!;
    [Inject] private ScheduledCheck Check { get; set; } = default!;
    [Inject] private IOptions<AlertsOptions> Options { get; set; } = default!;
    [Inject] private IOptions<SmtpPortal.Hosting.SmtpPortalOptions> PortalOptions { get; set; } = default!;
    [Inject] private SmtpPortal.Relay.RelayStateStore Relay { get; set; } = default!;
    [Inject] private SmtpPortal.Fallback.FallbackProviderStore Fallbacks { get; set; } = default!;
    [Inject] private IStringLocalizer<AlertText> AlertWords { get; set; } = default!;
    [Inject] private CircuitRemoteAddress Address { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IServiceProvider Services { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private IReadOnlyList<AlertChannel>? _channels;
    private IReadOnlyList<AlertConditionState> _failing = [];
    private DateTimeOffset? _lastCheck;
    private AlertChannelInput _input = NewInput();
    private Dictionary<string, string> _problems = [];
    private readonly HashSet<int> _testing = [];
    private readonly Dictionary<int, (bool Succeeded, string Text)> _results = [];
    private bool _busy;
    private bool _relayOn;
    private SmtpPortal.Fallback.FallbackProvider? _fallback;

    protected override async Task OnInitializedAsync() => await LoadAsync();

    private async Task LoadAsync()
    {
        _channels = await Channels.ListAsync();
        _failing = await Alerts.FailingAsync();
        _lastCheck = (await Check.GetLastAsync())?.StartedAt;
        _relayOn = (await Relay.GetAsync()).Enabled;
        _fallback = await Fallbacks.GetAsync();
    }

    /// <summary>Every condition an alert can come from, with its threshold as configured and the
    /// configuration keys that set it, and whether anything looks at it now (the scheduled check
    /// may be off, the relay off).</summary>
    private IEnumerable<WatchedCondition> WatchedConditions
    {
        get
        {
            var options = Options.Value;
            var checking = options.ScheduledCheckEnabled;
            var hours = options.CheckInterval.TotalHours.ToString("0.##", CultureInfo.CurrentCulture);
            const string alerts = AlertsOptions.Section + ":";
            yield return new(ScheduledCheck.CheckFailed, L["WatchScheduledCheck", hours], [alerts + nameof(options.CheckIntervalMinutes)], checking);
            yield return new(ScheduledCheck.OAuthRefreshFailed, L["WatchOAuthSignIn"], [], checking);
            yield return new(ScheduledCheck.CertificatePinChanged, L["WatchCertificatePin"], [], checking);
            yield return new(ScheduledCheck.PasswordOld, L["WatchPasswordAge", PortalOptions.Value.PasswordMaxAgeDays],
                [$"{SmtpPortal.Hosting.SmtpPortalOptions.Section}:{nameof(PortalOptions.Value.PasswordMaxAgeDays)}"], checking);
            yield return new(RelayAlerts.Delayed, L["WatchRelayDeferred", options.RelayDeferredMinutes],
                [alerts + nameof(options.RelayDeferredMinutes)], _relayOn);
            yield return new(RelayAlerts.Refused, L["WatchRelayFailing", options.RelayFailedMessages, options.RelayFailedWindowMinutes],
                [alerts + nameof(options.RelayFailedMessages), alerts + nameof(options.RelayFailedWindowMinutes)], _relayOn);
            yield return new(RelayAlerts.QueueLong, L["WatchRelayQueue", options.RelayQueueMessages],
                [alerts + nameof(options.RelayQueueMessages)], _relayOn);
            // Its time is the fallback's own (set on its page), not a configuration key.
            yield return new(SmtpPortal.Fallback.ProviderFailover.AlertKey,
                _fallback is null ? L["WatchFallbackNone"] : L["WatchFallback", _fallback.SwitchAfterMinutes], [], _relayOn && _fallback is not null);
        }
    }

    private sealed record WatchedCondition(string Key, string AlertsWhen, IReadOnlyList<string> Settings, bool Watched);

    private string StateOf(WatchedCondition condition) =>
        _failing.FirstOrDefault(f => f.Key == condition.Key) is { } failing ? L["StateFailing", Local(failing.Since)]
        : condition.Watched ? L["StateOk"] : L["StateNotWatched"];

    private static AlertChannelInput NewInput() => new()
    {
        Kind = AlertChannelKind.WeCom,
        Language = UiLanguage.IsChinese(CultureInfo.CurrentUICulture) ? UiLanguage.Chinese : UiLanguage.English,
    };

    private string ScheduleLine
    {
        get
        {
            if (!Options.Value.ScheduledCheckEnabled)
                return L["ScheduleOff"];
            var hours = Options.Value.CheckInterval.TotalHours.ToString("0.##", CultureInfo.CurrentCulture);
            var next = (Services.GetService<ScheduledCheckService>()?.NextRunAt) is { } at ? Local(at) : "—";
            return L["ScheduleLine", hours, _lastCheck is { } last ? Local(last) : L["Never"], next];
        }
    }

    private string ConditionTitle(AlertConditionState condition)
    {
        var title = AlertWords[$"{condition.Key}{AlertState.Failing}"];
        return L["FailingSince", title.ResourceNotFound ? condition.Key : title.Value, Local(condition.Since)];
    }

    private string KindName(AlertChannelKind kind) => L[$"Kind{kind}"];

    private string LanguageName(string language) => L[language == UiLanguage.Chinese ? "LanguageChinese" : "LanguageEnglish"];

    private bool Has(string field) => _problems.ContainsKey(field);

    private string? Problem(string field) => _problems.GetValueOrDefault(field);

    private void ChooseKind(AlertChannelKind kind)
    {
        _input.Kind = kind;
        _problems.Clear();
    }

    private async Task AddAsync()
    {
        if (_busy)
            return;
        _busy = true;
        try
        {
            var saved = await Channels.AddAsync(_input, await ActorAsync());
            _problems = new Dictionary<string, string>(saved.Problems);
            if (!saved.Succeeded)
                return;
            Snackbar.Add(L["Added", saved.Channel!.Name], Severity.Success);
            // The address and secrets leave the page's state: they are never shown again.
            _input = NewInput();
            await LoadAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task SendTestAsync(AlertChannel channel)
    {
        if (!_testing.Add(channel.Id))
            return;
        try
        {
            var delivery = await Alerts.SendTestAsync(channel.Id, await ActorAsync(), CancellationToken.None);
            _results[channel.Id] = delivery is null ? (false, L["Gone"])
                : delivery.Succeeded ? (true, L["TestDelivered"])
                : (false, L["TestNotDelivered", delivery.Problem!.Describe(AlertWords)]);
        }
        finally
        {
            _testing.Remove(channel.Id);
        }
    }

    private async Task RemoveAsync(AlertChannel channel)
    {
        if (await Channels.RemoveAsync(channel.Id, await ActorAsync()))
            Snackbar.Add(L["Removed", channel.Name], Severity.Success);
        _results.Remove(channel.Id);
        await LoadAsync();
    }

    private async Task<AuditActor> ActorAsync() => Address.For((await AuthenticationState).User.Identity?.Name);

    [CascadingParameter] private SmtpPortal.Localization.ViewerTimeZone? Viewer { get; set; }

    private SmtpPortal.Localization.ViewerTimeZone Zone => Viewer ?? SmtpPortal.Localization.ViewerTimeZone.Unknown;

    private string Local(DateTimeOffset at) => Zone.Format(at);
}
