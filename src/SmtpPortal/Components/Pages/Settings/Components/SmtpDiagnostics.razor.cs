using SmtpPortal.History;
using Microsoft.AspNetCore.Components;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;
using SmtpPortal.Smtp.Diagnostics;

namespace SmtpPortal.Components.Pages.Settings.Components;

/// <summary>Runs a test send or a connection check with the saved settings and shows it live:
/// stages, outcome, advice with a one-click fix, transcript.</summary>
public sealed partial class SmtpDiagnostics
{
    [Inject] private TestEmailService Tests { get; set; } = default!;
    [Inject] private SmtpSettingsStore Store { get; set; } = default!;
    [Inject] private CircuitRemoteAddress Address { get; set; } = default!;
    [Inject] private TestSendLimiter Limits { get; set; } = default!;

    /// <summary>The browser's time zone, for "last successful send".</summary>
    [CascadingParameter] private SmtpPortal.Localization.ViewerTimeZone? Viewer { get; set; }
    private SmtpPortal.Localization.ViewerTimeZone Zone => Viewer ?? SmtpPortal.Localization.ViewerTimeZone.Unknown;

    [Parameter] public string? DefaultRecipient { get; set; }
    [Parameter] public string AdminName { get; set; } = "";
    [Parameter] public bool HasUnsavedChanges { get; set; }
    [Parameter] public bool CanSend { get; set; }

    /// <summary>Raised after a one-click fix changed the stored settings.</summary>
    [Parameter] public EventCallback OnSettingsChanged { get; set; }

    /// <summary>A port–mode fix is handed to the settings form rather than saved: a new port or
    /// mode is a new destination, and the stored password is only re-sent once the admin retypes it.</summary>
    [Parameter] public EventCallback<QuickFix> OnSecurityFix { get; set; }

    private string? _recipient;
    private string? _recipientError;
    private bool _running;
    private bool _applying;
    private DiagnosticRun? _run;
    private string? _fixMessage;
    private bool _fixFailed;
    private List<StageReport> _stages = [];
    private CancellationTokenSource? _cancel;
    private SmtpSettings? _settings;
    private TestRun? _lastSuccess;
    private string? _fromWarning;

    private (bool CanSend, bool Unsaved)? _loadedFor;

    protected override async Task OnParametersSetAsync()
    {
        _recipient ??= DefaultRecipient;
        // The page re-renders on every keystroke; the stored settings only change on save, which
        // shows here as CanSend or HasUnsavedChanges changing.
        if (_loadedFor != (CanSend, HasUnsavedChanges))
        {
            _loadedFor = (CanSend, HasUnsavedChanges);
            await LoadAsync();
        }
    }

    private async Task LoadAsync()
    {
        _settings = await Store.GetAsync();
        _lastSuccess = await Tests.GetLastSuccessfulSendAsync();
        _fromWarning = _settings is null ? null
            : FromAddressCheck.Warn(_settings.PresetId, _settings.Username, _settings.FromAddress);
    }

    private Task SendAsync()
    {
        _recipientError = InputRules.CheckEmail(_recipient, AddressRole.Recipient);
        return _recipientError is null ? RunAsync(TestRunKind.Send) : Task.CompletedTask;
    }

    private Task CheckAsync() => RunAsync(TestRunKind.Check);

    private async Task RunAsync(TestRunKind kind)
    {
        // A second click while the first is running is ignored: one click, one email.
        if (_running)
            return;
        // Each test reaches a real mail server; a limit per admin keeps a stuck key or a script
        // from getting the server's address blocked there.
        _limitMessage = Limits.TryStart(AdminName);
        if (_limitMessage is not null)
            return;
        _running = true;
        _run = null;
        _fixMessage = null;
        _stages = [];
        _cancel = new CancellationTokenSource();
        try
        {
            _run = await Tests.RunAsync(kind, _recipient, AdminName, new StageProgress(this), _cancel.Token, Address.For(AdminName));
            _stages = [.. _run.Outcome.Stages];
            if (_run.Outcome.Succeeded)
                _lastSuccess = await Tests.GetLastSuccessfulSendAsync();
        }
        finally
        {
            _running = false;
            _cancel.Dispose();
            _cancel = null;
        }
    }

    private async Task ApplyFixAsync(QuickFix fix)
    {
        if (_run?.SettingsRevision is not { } revision || _applying)
            return;
        if (fix.Kind == QuickFixKind.SwitchSecurity)
        {
            await OnSecurityFix.InvokeAsync(fix);
            _fixFailed = false;
            _fixMessage = L["SecurityFixFilled", fix.Port!, fix.Security!.Value.Describe()];
            return;
        }
        _applying = true;
        try
        {
            var result = await Store.TrustCertificateAsync(fix.CertificateSha256!, revision, actor: Address.For(AdminName));
            _fixFailed = !result.Succeeded;
            _fixMessage = result.Succeeded
                ? L["FixSaved"]
                : L["FixConflict"];
            if (result.Succeeded)
            {
                _run = _run with { SettingsRevision = result.Settings!.Revision };
                await LoadAsync();
                await OnSettingsChanged.InvokeAsync();
            }
        }
        finally
        {
            _applying = false;
        }
    }

    private Task ApplyAsync(QuickFix fix) => ApplyFixAsync(fix);

    private void Cancel() => _cancel?.Cancel();

    private bool _disposed;
    private string? _limitMessage;

    /// <summary>Leaving the page stops a running test.</summary>
    public void Dispose()
    {
        _disposed = true;
        _cancel?.Cancel();
    }

    /// <summary>Stage updates arrive on MailKit's threads; they are applied on the circuit's.</summary>
    private sealed class StageProgress(SmtpDiagnostics owner) : IProgress<StageReport>
    {
        public void Report(StageReport value)
        {
            // The last reports of a run cancelled by leaving the page have no page to go to.
            if (!owner._disposed)
                _ = owner.InvokeAsync(() => Apply(value));
        }

        private void Apply(StageReport value)
        {
            if (!owner._running || owner._disposed)
                return;
            var index = owner._stages.FindIndex(s => s.Stage == value.Stage);
            if (index >= 0)
                owner._stages[index] = value;
            else
                owner._stages.Add(value);
            owner.StateHasChanged();
        }
    }
}
