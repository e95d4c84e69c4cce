using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using SmtpPortal.History;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;
using SmtpPortal.Smtp.Diagnostics;

namespace SmtpPortal.Components.Pages.Settings.Components;

/// <summary>Runs a test send or a connection check with the saved settings and shows it live:
/// stages, outcome, advice with a one-click fix, transcript. Every rule (recipient, the
/// per-minute cap, the From check, which certificate may be trusted) is the services'.</summary>
public sealed partial class SmtpDiagnostics
{
    [Inject] private TestEmailService Tests { get; set; } = default!;
    [Inject] private SmtpSettingsStore Store { get; set; } = default!;
    [Inject] private FromAddressCheck FromCheck { get; set; } = default!;
    [Inject] private DiagnosisText Texts { get; set; } = default!;
    [Inject] private CertificateTrustText TrustTexts { get; set; } = default!;
    [Inject] private CircuitRemoteAddress Address { get; set; } = default!;
    [Inject] private IStringLocalizer<SmtpDiagnostics> L { get; set; } = default!;

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
    private TestRunResult? _run;
    private string? _fixMessage;
    private bool _fixFailed;
    private List<StageReport> _stages = [];
    private CancellationTokenSource? _cancel;
    private SmtpSettings? _settings;
    private TestRun? _lastSuccess;
    private string? _fromWarning;
    private string? _limitMessage;
    private bool _disposed;

    private (bool CanSend, bool Unsaved)? _loadedFor;

    private Requester Requester => Requester.Admin(Address.For(AdminName));

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
        _lastSuccess = await Tests.GetLastSuccessfulSendAsync(CancellationToken.None);
        _fromWarning = _settings is null ? null : FromCheck.Warn(_settings.PresetId, _settings.Username, _settings.FromAddress);
    }

    private Task SendAsync() => RunAsync(token => Tests.SendAsync(_recipient, Requester, Progress(), token));

    private Task CheckAsync() => RunAsync(token => Tests.CheckAsync(Requester, Progress(), token));

    private async Task RunAsync(Func<CancellationToken, Task<TestRunResult>> run)
    {
        // A second click while the first is running is ignored: one click, one email.
        if (_running)
            return;
        _running = true;
        // The previous result goes at once: a refused run must not leave it looking current.
        _run = null;
        _recipientError = null;
        _limitMessage = null;
        _fixMessage = null;
        _stages = [];
        _cancel = new CancellationTokenSource();
        try
        {
            var result = await run(_cancel.Token);
            switch (result.Diagnosis.Category)
            {
                case SmtpFailureCategory.InvalidRecipient:
                    _recipientError = result.Diagnosis.Evidence.Detail ?? Texts.Summary(result.Diagnosis);
                    break;
                case SmtpFailureCategory.RateLimited:
                    _limitMessage = Texts.Summary(result.Diagnosis);
                    break;
                default:
                    _run = result;
                    _stages = [.. result.Outcome.Stages];
                    if (result.Succeeded)
                        _lastSuccess = await Tests.GetLastSuccessfulSendAsync(CancellationToken.None);
                    break;
            }
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
        if (_applying || _run is not { } run)
            return;
        if (fix.Kind == QuickFixKind.SwitchSecurity)
        {
            await OnSecurityFix.InvokeAsync(fix);
            _fixFailed = false;
            _fixMessage = L["SecurityFixFilledIn", fix.Port ?? 0, Texts.Mode(fix.Security!.Value)];
            return;
        }
        _applying = true;
        try
        {
            // The store trusts only a certificate a failed run with these settings saw.
            var result = await Store.TrustCertificateAsync(fix.CertificateSha256!, run.SettingsRevision, Address.For(AdminName), CancellationToken.None);
            _fixFailed = !result.Succeeded;
            _fixMessage = result.Succeeded ? L["TrustSaved"]
                : result.TrustRefused is { } refused ? TrustTexts.Describe(refused)
                : L["TrustStale"];
            if (result.Succeeded)
            {
                _run = run with { SettingsRevision = result.Settings!.Revision };
                await LoadAsync();
                await OnSettingsChanged.InvokeAsync();
            }
        }
        finally
        {
            _applying = false;
        }
    }

    private void Cancel() => _cancel?.Cancel();

    /// <summary>Leaving the page stops a running test.</summary>
    public void Dispose()
    {
        _disposed = true;
        _cancel?.Cancel();
    }

    private CircuitStageProgress Progress() => new(() => _stages, () => _running && !_disposed, InvokeAsync, StateHasChanged);
}
