using Microsoft.Extensions.Localization;
using SmtpPortal.Alerts;
using SmtpPortal.History;
using SmtpPortal.OAuth;
using SmtpPortal.Relay;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;
using SmtpPortal.Smtp.Diagnostics;

namespace SmtpPortal.Fallback;

/// <summary>
/// Decides which provider the relay delivers through. The main one, until it refuses the login or
/// has failed without a success for longer than the fallback's <see cref="FallbackProvider.SwitchAfter"/>;
/// then the fallback, until a check of the main one passes (the relay's own probe, or the
/// scheduled check). Every switch is a History entry and an alert. Only the relay switches: with
/// the relay off, nothing sends through the fallback, so nothing is switched.
/// </summary>
public sealed class ProviderFailover(
    FallbackProviderStore fallbacks, SmtpSettingsStore settings, RelayStateStore relay,
    ProviderDelivery delivery, AlertService alerts, IStringLocalizer<AlertText> alertWords, TimeProvider time,
    ILogger<ProviderFailover> logger)
{
    /// <summary>The alert condition "the fallback carries the mail" (AlertText: FallbackFailing/FallbackRecovered).</summary>
    public const string AlertKey = "Fallback";

    /// <summary>How often the main provider is checked while the fallback carries the mail.</summary>
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromMinutes(5);

    /// <summary>After the main provider refused the login, it is checked this rarely until its
    /// settings change: every failed login counts towards the provider locking the account.</summary>
    public static readonly TimeSpan ProbeAfterRefusedLogin = TimeSpan.FromHours(1);

    public static readonly AuditActor Actor = new("relay", null);

    private readonly Lock _gate = new();
    private ProviderRoute _route;
    private DateTimeOffset? _mainFailingSince;
    private SendOutcome? _lastMainProblem;
    private DateTimeOffset _nextProbe;
    private string? _mainConfiguration;
    private Task _probing = Task.CompletedTask;

    /// <summary>The provider the relay delivers through now (as of the last <see cref="RefreshAsync"/> or switch).</summary>
    public ProviderRoute Route
    {
        get
        {
            lock (_gate)
                return _route;
        }
    }

    /// <summary>Reads the stored state (a fallback removed or changed meanwhile), switches when
    /// the main provider has failed for too long, and while the fallback carries the mail starts
    /// a check of the main provider when one is due. The relay calls it at every turn, with the
    /// main settings and sign-in it has just read.</summary>
    public async Task RefreshAsync(SmtpSettings? main, OAuthGrantSummary? grant, CancellationToken ct)
    {
        var fallback = await fallbacks.GetAsync(ct);
        var configuration = $"{main?.Revision}|{grant?.SignedInAt:O}";
        SendOutcome? overdue = null;
        lock (_gate)
        {
            _route = fallback is { InUse: true } ? ProviderRoute.Fallback : ProviderRoute.Main;
            if (configuration != _mainConfiguration)
            {
                // New settings or a new sign-in: the main provider deserves a look at once.
                _mainConfiguration = configuration;
                _mainFailingSince = null;
                _lastMainProblem = null;
                _nextProbe = time.GetUtcNow();
            }
            if (_route == ProviderRoute.Main)
            {
                // The deferred mail's next attempts may be far off: the switch is due when the time is up, not at the next attempt.
                if (fallback is not null && _mainFailingSince is { } since && time.GetUtcNow() - since >= fallback.SwitchAfter)
                    overdue = _lastMainProblem;
            }
            else if (time.GetUtcNow() >= _nextProbe && _probing.IsCompleted)
            {
                _nextProbe = time.GetUtcNow() + ProbeInterval;
                _probing = ProbeMainAsync(ct);
            }
        }
        if (overdue is not null)
            await MainFailedAsync(overdue, ct);
    }

    /// <summary>The main provider took a message or a login: its failing streak ends.</summary>
    public void MainWorked()
    {
        lock (_gate)
        {
            _mainFailingSince = null;
            _lastMainProblem = null;
        }
    }

    /// <summary>The main provider failed (not a refusal of one message). Switches to the fallback,
    /// and returns true, when it refused the login or has been failing longer than allowed.</summary>
    /// <param name="announce">False when the caller's own alert tells of the switch (the scheduled
    /// check's), so that one cause makes one alert.</param>
    public async Task<bool> MainFailedAsync(SendOutcome problem, CancellationToken ct, bool announce = true)
    {
        var fallback = await fallbacks.GetAsync(ct);
        if (fallback is null || fallback.InUse || !(await relay.GetAsync(ct)).Enabled)
            return false;
        var now = time.GetUtcNow();
        DateTimeOffset since;
        lock (_gate)
        {
            since = _mainFailingSince ??= now;
            _lastMainProblem = problem;
        }
        var loginRefused = RefusesLogin(problem.Category);
        if (!loginRefused && now - since < fallback.SwitchAfter)
            return false;

        var main = await settings.GetAsync(ct);
        var mainServer = main is null ? "-" : $"{main.Host}:{main.Port}";
        var why = loginRefused ? "refused the login" : $"has been failing since {since:yyyy-MM-dd HH:mm} UTC";
        var fallbackServer = $"{fallback.Host}:{fallback.Port}";
        // In each reader's language: the failure as its category's words (the English summary stays in the fallback's row).
        var reason = EnglishText.Bilingual(() => AlertReasons.Of(alertWords, problem.Category));
        var entry = AuditEntry.Of(AuditAction.SwitchedToFallback, Actor, now, loginRefused
            ? AuditText.Of("NoteSwitchedLoginRefused", mainServer, reason, fallbackServer)
            : AuditText.Of("NoteSwitchedFailing", mainServer, AuditText.At(since), reason, fallbackServer));
        if (!await fallbacks.SetInUseAsync(now, problem, entry, ct))
            return false;
        lock (_gate)
        {
            _route = ProviderRoute.Fallback;
            _nextProbe = now + (loginRefused ? ProbeAfterRefusedLogin : ProbeInterval);
        }
        logger.LogWarning("The relay switched to the fallback provider {Fallback}: the main provider {Main} {Why} ({Category})",
            $"{fallback.Host}:{fallback.Port}", mainServer, why, problem.Category);
        if (announce)
            await alerts.ReportAsync(AlertKey, true, L => L["FallbackText", mainServer, AlertReasons.Of(L, problem), $"{fallback.Host}:{fallback.Port}"], ct);
        else
            await alerts.RecordAsync(AlertKey, true, ct);
        return true;
    }

    /// <summary>A check of the main provider passed: while the fallback carries the mail, the main
    /// provider takes it back.</summary>
    /// <param name="who">What checked, for the History.</param>
    public async Task MainCheckPassedAsync(MainCheck who, CancellationToken ct)
    {
        MainWorked();
        var fallback = await fallbacks.GetAsync(ct);
        if (fallback is not { InUse: true })
            return;
        var main = await settings.GetAsync(ct);
        var mainServer = main is null ? "-" : $"{main.Host}:{main.Port}";
        var now = time.GetUtcNow();
        var entry = AuditEntry.Of(AuditAction.SwitchedToMain, Actor, now, AuditText.Of(
            who == MainCheck.Scheduled ? "NoteBackAfterScheduledCheck" : "NoteBackAfterRelayCheck",
            mainServer, $"{fallback.Host}:{fallback.Port}", AuditText.At(fallback.InUseSince!.Value)));
        if (!await fallbacks.SetInUseAsync(null, null, entry, ct))
            return;
        lock (_gate)
            _route = ProviderRoute.Main;
        logger.LogInformation("The relay delivers through the main provider {Main} again (the {Who} check passed)", mainServer, who);
        await alerts.ReportAsync(AlertKey, false, L => L["FallbackBackText", mainServer, $"{fallback.Host}:{fallback.Port}"], ct);
    }

    /// <summary>Whether a failure means the provider will not let this account in (as opposed to
    /// being out of reach for a while): such a failure switches at once.</summary>
    public static bool RefusesLogin(SmtpFailureCategory category) =>
        category is SmtpFailureCategory.AuthenticationFailed or SmtpFailureCategory.PasswordUnreadable
            or SmtpFailureCategory.OAuthSignInRequired or SmtpFailureCategory.OAuthClientRejected;

    private async Task ProbeMainAsync(CancellationToken ct)
    {
        try
        {
            var outcome = await delivery.CheckMainAsync(ct);
            if (outcome.Succeeded)
                await MainCheckPassedAsync(MainCheck.Relay, ct);
            else
            {
                if (RefusesLogin(outcome.Category))
                    lock (_gate)
                        _nextProbe = time.GetUtcNow() + ProbeAfterRefusedLogin;
                logger.LogInformation("The main provider still fails ({Category}); the fallback keeps carrying the relay's mail",
                    outcome.Category);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Checking the main provider failed");
        }
    }
}

/// <summary>What checked the main provider when it takes the mail back.</summary>
public enum MainCheck
{
    Relay,
    Scheduled,
}
