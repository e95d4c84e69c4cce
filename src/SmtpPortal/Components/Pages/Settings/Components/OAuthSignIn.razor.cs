using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;
using SmtpPortal.Localization;
using SmtpPortal.History;
using SmtpPortal.OAuth;
using SmtpPortal.Providers;

namespace SmtpPortal.Components.Pages.Settings.Components;

public sealed partial class OAuthSignIn : IDisposable
{
    [Inject] private OAuthGrantStore Grants { get; set; } = default!;
    [Inject] private OAuthAccessTokens AccessTokens { get; set; } = default!;
    [Inject] private DeviceCodeSignIn DeviceCode { get; set; } = default!;
    [Inject] private AuthorizationCodeSignIn AuthorizationCode { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private CircuitRemoteAddress Address { get; set; } = default!;
    [Inject] private IStringLocalizer<OAuthSignIn> L { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;
    [CascadingParameter] private ViewerTimeZone? Viewer { get; set; }

    [Parameter, EditorRequired] public ProviderPreset Preset { get; set; } = default!;

    /// <summary>The mailbox to sign in as: the form's username.</summary>
    [Parameter] public string? Account { get; set; }

    /// <summary>Raised with true when a sign-in for this preset exists, false when it is gone.</summary>
    [Parameter] public EventCallback<bool> SignedInChanged { get; set; }

    private OAuthGrantSummary? _grant;
    private string? _clientId;
    private string? _clientSecret;
    private string? _tenant;
    private Dictionary<string, string> _errors = [];
    private DeviceCodeChallenge? _challenge;
    private string? _problem;
    private bool _busy;
    private bool _signingInAgain;
    private CancellationTokenSource? _cancel;

    private PresetOAuth OAuth => Preset.OAuth!;
    private ViewerTimeZone Zone => Viewer ?? ViewerTimeZone.Unknown;
    private string RedirectUri => Navigation.BaseUri.TrimEnd('/') + AuthorizationCodeSignIn.CallbackPath;
    private OAuthGrantSummary? SignedInHere => _grant?.PresetId == Preset.Id && !_signingInAgain ? _grant : null;
    private bool HasSignInHere => _grant?.PresetId == Preset.Id;

    protected override async Task OnInitializedAsync()
    {
        _grant = await Grants.GetSummaryAsync();
        _clientId = _grant?.ClientId;
        await ReportAsync();
    }

    protected override void OnParametersSet() => _tenant ??= _grant?.Tenant ?? OAuth.DefaultTenant;

    private bool HasError(string field) => _errors.ContainsKey(field);
    private string? ErrorFor(string field) => _errors.GetValueOrDefault(field);

    private OAuthRegistration? ReadRegistration()
    {
        _problem = null;
        _errors = OAuthRegistration.Check(OAuth, _clientId, _clientSecret, _tenant, needsSecret: false);
        var account = Account?.Trim();
        if (string.IsNullOrEmpty(account) || !account.Contains('@'))
            _errors["Account"] = L["EnterAccountFirst"];
        if (_errors.Count > 0)
            return null;
        var secret = string.IsNullOrWhiteSpace(_clientSecret) ? null : _clientSecret.Trim();
        _clientSecret = null;
        return new OAuthRegistration(Preset.Id, OAuth, _clientId!.Trim(), secret, OAuth.HasTenant ? _tenant!.Trim() : null);
    }

    private async Task SignInWithCodeAsync()
    {
        if (_busy || ReadRegistration() is not { } app)
            return;
        _busy = true;
        _cancel = new CancellationTokenSource();
        try
        {
            var account = Account!.Trim();
            var (challenge, problem) = await DeviceCode.StartAsync(app, account, _cancel.Token);
            if (problem is not null)
            {
                _problem = problem.Summary;
                return;
            }
            _challenge = challenge;
            StateHasChanged();
            problem = await DeviceCode.CompleteAsync(app, account, challenge!, await ActorAsync(), _cancel.Token);
            _problem = problem?.Summary;
            if (problem is null)
                await RefreshAsync();
        }
        catch (OperationCanceledException)
        {
            _problem = L["Cancelled"];
        }
        finally
        {
            _challenge = null;
            _busy = false;
            _cancel?.Dispose();
            _cancel = null;
        }
    }

    private async Task SignInInBrowserAsync()
    {
        var actor = await ActorAsync();
        if (_busy || ReadRegistration() is not { } app)
            return;
        Navigation.NavigateTo(AuthorizationCode.Begin(app, Account!.Trim(), RedirectUri, actor), forceLoad: true);
    }

    private void Cancel() => _cancel?.Cancel();

    /// <summary>Shows the sign-in form again; the current sign-in stays in use until a new one succeeds.</summary>
    private void StartOver() => _signingInAgain = true;

    private void KeepCurrent()
    {
        _signingInAgain = false;
        _problem = null;
    }

    private async Task SignOutAsync()
    {
        await Grants.RemoveAsync(await ActorAsync());
        AccessTokens.Forget();
        await RefreshAsync();
    }

    private async Task<AuditActor> ActorAsync() => Address.For((await AuthenticationState).User.Identity?.Name);

    private async Task RefreshAsync()
    {
        _signingInAgain = false;
        _grant = await Grants.GetSummaryAsync();
        await ReportAsync();
    }

    private Task ReportAsync() => SignedInChanged.InvokeAsync(HasSignInHere);

    /// <summary>Leaving the page stops a running device-code sign-in.</summary>
    public void Dispose() => _cancel?.Cancel();

    /// <summary>The steps quote the provider console's labels as the console shows them in the
    /// admin's language (Google and Microsoft translate their consoles).</summary>
    private IReadOnlyList<string> RegistrationSteps => OAuth.Provider switch
    {
        "Google" => [L["GoogleStep1", OAuth.RegistrationUrl ?? ""], L["GoogleStep2"], L["GoogleStep3"], L["GoogleStep4"]],
        "Microsoft" => [L["MicrosoftStep1", OAuth.RegistrationUrl ?? ""], L["MicrosoftStep2"], L["MicrosoftStep3"], L["MicrosoftStep4"]],
        _ => [L["OtherStep", OAuth.Provider]],
    };
}
