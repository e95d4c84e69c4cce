using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using SmtpPortal.Fallback;
using SmtpPortal.History;
using SmtpPortal.Smtp;
using SmtpPortal.Smtp.Diagnostics;

namespace SmtpPortal.Components.Pages.Fallback.Components;

/// <summary>"Check fallback": logs in to the saved fallback and shows it live, as the settings
/// page's "Check connection" does (stages, the diagnosis with its advice, the transcript). The
/// rules (the per-minute cap, the History entry) are <see cref="FallbackCheck"/>'s.</summary>
public sealed partial class FallbackCheckPanel
{
    [Inject] private FallbackCheck Checks { get; set; } = default!;
    [Inject] private DiagnosisText Texts { get; set; } = default!;
    [Inject] private CircuitRemoteAddress Address { get; set; } = default!;
    [Inject] private IStringLocalizer<FallbackCheckPanel> L { get; set; } = default!;

    /// <summary>A fallback is saved (the check runs with what is saved).</summary>
    [Parameter] public bool Enabled { get; set; }
    [Parameter] public bool HasUnsavedChanges { get; set; }
    [Parameter] public string AdminName { get; set; } = "";

    private bool _running;
    private bool _disposed;
    private TestRunResult? _run;
    private string? _limitMessage;
    private List<StageReport> _stages = [];
    private CancellationTokenSource? _cancel;

    private async Task CheckAsync()
    {
        // A second click while the first runs is ignored.
        if (_running)
            return;
        _running = true;
        _run = null;
        _limitMessage = null;
        _stages = [];
        _cancel = new CancellationTokenSource();
        try
        {
            var result = await Checks.RunAsync(Requester.Admin(Address.For(AdminName)), Progress(), _cancel.Token);
            if (result is null)
                _limitMessage = L["Gone"];
            else if (result.Diagnosis.Category == SmtpFailureCategory.RateLimited)
                _limitMessage = Texts.Summary(result.Diagnosis);
            else
            {
                _run = result;
                _stages = [.. result.Outcome.Stages];
            }
        }
        finally
        {
            _running = false;
            _cancel.Dispose();
            _cancel = null;
        }
    }

    private void Cancel() => _cancel?.Cancel();

    /// <summary>Leaving the page stops a running check.</summary>
    public void Dispose()
    {
        _disposed = true;
        _cancel?.Cancel();
    }

    private CircuitStageProgress Progress() => new(() => _stages, () => _running && !_disposed, InvokeAsync, StateHasChanged);
}
