using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;
using Microsoft.JSInterop;
using MudBlazor;
using SmtpPortal.Api;
using SmtpPortal.History;

namespace SmtpPortal.Components.Pages.ApiTokens;

public sealed partial class ApiTokensPage
{
    private static readonly int[] LifetimeChoices = [7, 30, 90, 365];

    [Inject] private ApiTokenStore Tokens { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private CircuitRemoteAddress Address { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IStringLocalizer<ApiTokensPage> L { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;
    [CascadingParameter] private Localization.ViewerTimeZone? Viewer { get; set; }

    private Localization.ViewerTimeZone Zone => Viewer ?? Localization.ViewerTimeZone.Unknown;

    private IReadOnlyList<ApiToken>? _tokens;
    private string? _name;
    private ApiScopes _scopes = ApiScopes.Read;
    private int _lifetimeDays = 90;
    private string? _nameError;
    private string? _scopeError;
    private bool _busy;

    /// <summary>The one moment the secret exists outside the caller's hands: cleared on close
    /// and never written anywhere.</summary>
    private CreatedApiToken? _created;

    protected override async Task OnInitializedAsync() => _tokens = await Tokens.ListAsync();

    private void ToggleScope(ApiScopes scope, bool on) => _scopes = on ? _scopes | scope : _scopes & ~scope;

    private async Task CreateAsync()
    {
        if (_busy)
            return;
        _nameError = ApiTokenStore.CheckName(_name);
        _scopeError = _scopes == ApiScopes.None ? L["ChooseScope"].Value : null;
        if (_nameError is not null || _scopeError is not null)
            return;
        _busy = true;
        try
        {
            var created = await Tokens.CreateAsync(_name, _scopes, TimeSpan.FromDays(_lifetimeDays), await ActorAsync());
            if (!created.Succeeded)
            {
                _nameError = created.Problem;
                return;
            }
            _created = created;
            _name = null;
            _tokens = await Tokens.ListAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private void ForgetCreated() => _created = null;

    private async Task CopyCreatedAsync()
    {
        try
        {
            await JS.InvokeVoidAsync("smtpPortalClipboard.copy", _created!.Secret);
            Snackbar.Add(L["TokenCopied"], Severity.Success);
        }
        catch (JSException)
        {
            Snackbar.Add(L["CopyRefused"], Severity.Warning);
        }
    }

    private async Task RevokeAsync(ApiToken token)
    {
        if (await Tokens.RevokeAsync(token.Id, await ActorAsync()))
            Snackbar.Add(L["Revoked", token.Name], Severity.Success);
        _tokens = await Tokens.ListAsync();
    }

    private async Task<AuditActor> ActorAsync() => Address.For((await AuthenticationState).User.Identity?.Name);

    private string State(ApiToken token) =>
        token.RevokedAt is not null ? L["StateRevoked"] : token.ExpiresAt <= Time.GetUtcNow() ? L["StateExpired"] : L["StateActive"];
}
