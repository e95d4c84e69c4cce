using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MudBlazor;
using SmtpPortal.Components.Pages.SentMail.Components;
using SmtpPortal.History;
using SmtpPortal.Relay;

namespace SmtpPortal.Components.Pages.SentMail;

/// <summary>The send log: every message the apps handed to the relay, what became of it, and
/// "retry now" and "delete". It follows the relay as it works (new messages, attempts).</summary>
public sealed partial class SentMailPage
{
    [Inject] private SendLog Log { get; set; } = default!;
    [Inject] private RelayAppStore Apps { get; set; } = default!;
    [Inject] private SendLogUpdates Updates { get; set; } = default!;
    [Inject] private IOptions<RelayOptions> Options { get; set; } = default!;
    [Inject] private CircuitRemoteAddress Address { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IStringLocalizer<MessageStatus> Statuses { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    /// <summary>A busy relay changes the log many times a second; the page redraws at most this often.</summary>
    private static readonly TimeSpan RefreshAtMost = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _closed = new();
    private IReadOnlyList<RelayMessage>? _messages;
    private IReadOnlyList<RelayApp> _apps = [];
    private RelayMessageStatus? _status;
    private int? _appId;
    private string? _text;
    private DateTime? _day;
    private long? _expanded;

    private bool IsFiltered => _status is not null || _appId is not null || !string.IsNullOrWhiteSpace(_text) || _day is not null;

    protected override async Task OnInitializedAsync()
    {
        _apps = await Apps.ListAsync();
        await LoadAsync();
        _ = FollowAsync();
    }

    private async Task LoadAsync()
    {
        DateTimeOffset? from = _day is { } day ? new DateTimeOffset(day.Date, TimeZoneInfo.Local.GetUtcOffset(day.Date)) : null;
        _messages = await Log.FindAsync(new SendLogFilter(_status, _appId, _text, from, from?.AddDays(1)));
    }

    /// <summary>Redraws when the relay reports a change, until the page closes.</summary>
    private async Task FollowAsync()
    {
        try
        {
            while (!_closed.IsCancellationRequested)
            {
                await Updates.Next.WaitAsync(_closed.Token);
                await Task.Delay(RefreshAtMost, _closed.Token);
                await InvokeAsync(async () =>
                {
                    await LoadAsync();
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
            // The circuit went away while a redraw was on its way.
        }
    }

    private Task StatusChanged(RelayMessageStatus? value) { _status = value; return LoadAsync(); }
    private Task AppChanged(int? value) { _appId = value; return LoadAsync(); }
    private Task TextChanged(string? value) { _text = value; return LoadAsync(); }
    private Task DayChanged(DateTime? value) { _day = value; return LoadAsync(); }

    private void RowClicked(TableRowClickEventArgs<RelayMessage> click) =>
        _expanded = _expanded == click.Item?.Id ? null : click.Item?.Id;

    private static bool CanRetry(RelayMessage message) =>
        message.Status is not RelayMessageStatus.Delivered && message.HasBody;

    private async Task RetryAsync(RelayMessage message) => Show(await Log.RetryNowAsync(message.Id, await ActorAsync()), L["RetryDone", message.Id]);

    private async Task DeleteAsync(RelayMessage message)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(L["DeleteTitle", message.Id], L["DeleteQuestion"], yesText: L["Delete"], cancelText: L["Cancel"]);
        if (confirmed == true)
            Show(await Log.DeleteAsync(message.Id, await ActorAsync()), L["DeleteDone", message.Id]);
    }

    private void Show(RelayProblem? problem, string done)
    {
        if (problem is null)
            Snackbar.Add(done, Severity.Success);
        else
            Snackbar.Add(problem.In(CultureInfo.CurrentUICulture), Severity.Warning);
        _ = InvokeAsync(async () =>
        {
            await LoadAsync();
            StateHasChanged();
        });
    }

    private async Task<AuditActor> ActorAsync() => Address.For((await AuthenticationState).User.Identity?.Name);

    private string Recipients(RelayMessage message) =>
        message.RecipientCount == 1 ? message.RecipientList[0] : L["RecipientsMany", message.RecipientList[0], message.RecipientCount - 1];

    internal static string FormatSize(long bytes) =>
        bytes >= 1024 * 1024 ? $"{bytes / 1024d / 1024d:0.#} MB" : $"{Math.Max(1, bytes / 1024d):0} KB";

    [CascadingParameter] private SmtpPortal.Localization.ViewerTimeZone? Viewer { get; set; }

    private SmtpPortal.Localization.ViewerTimeZone Zone => Viewer ?? SmtpPortal.Localization.ViewerTimeZone.Unknown;

    private string Local(DateTimeOffset at) => Zone.FormatPrecise(at);

    public void Dispose()
    {
        _closed.Cancel();
        _closed.Dispose();
    }
}
