using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Localization;
using MudBlazor;
using SmtpPortal.Fallback;
using SmtpPortal.History;
using SmtpPortal.Localization;
using SmtpPortal.Providers;
using SmtpPortal.Relay;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;

namespace SmtpPortal.Components.Pages.Fallback;

/// <summary>The fallback provider: its form (the store's rules, problems next to each field,
/// nothing stored half-way), its check, its removal, and which provider carries the mail now.</summary>
public sealed partial class FallbackPage
{
    [Inject] private FallbackProviderStore Store { get; set; } = default!;
    [Inject] private SmtpSettingsStore MainSettings { get; set; } = default!;
    [Inject] private RelayStateStore Relay { get; set; } = default!;
    [Inject] private ProviderCatalog Catalog { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private CircuitRemoteAddress Address { get; set; } = default!;
    [Inject] private IStringLocalizer<FallbackPage> L { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;
    [CascadingParameter] private ViewerTimeZone? Viewer { get; set; }

    private ViewerTimeZone Zone => Viewer ?? ViewerTimeZone.Unknown;

    private FallbackInput _input = new();
    private EditContext? _editContext;
    private ValidationMessageStore? _problems;
    private FallbackProvider? _stored;
    private ProviderPreset _preset = default!;
    private string? _mainServer;
    private bool _relayOn;
    private bool _saving;
    private bool _passwordReadable = true;
    private string _adminName = "";

    /// <summary>Bumped after each save: the password field is a new element, empty in the browser too.</summary>
    private int _passwordField;

    private string PasswordLabel => _preset.SecretKind is SecretKind.OAuth2Only or SecretKind.OAuth2Preferred
        ? L["Password"] : _preset.SecretFieldLabel();

    private string PasswordHelp => !_passwordReadable ? L["PasswordUnreadable"]
        : _stored?.PasswordSetAt is { } set ? L["PasswordSetOn", Zone.FormatWithZone(set)]
        : L["PasswordStoredEncrypted"];

    private string? PasswordProblem => _editContext?.GetValidationMessages(_editContext.Field(nameof(FallbackInput.Password))).FirstOrDefault();

    private bool HasUnsavedChanges => _stored is null
        || !string.IsNullOrEmpty(_input.Password)
        || _input.PresetId != _stored.PresetId
        || !string.Equals(_input.Host, _stored.Host, StringComparison.Ordinal)
        || _input.Port != _stored.Port
        || _input.Security != _stored.Security
        || (_input.Username ?? "") != (_stored.Username ?? "")
        || (_input.FromAddress ?? "") != _stored.FromAddress
        || _input.SwitchAfterMinutes != _stored.SwitchAfterMinutes;

    protected override async Task OnInitializedAsync()
    {
        _adminName = (await AuthenticationState).User.Identity?.Name ?? "";
        var main = await MainSettings.GetAsync();
        _mainServer = main is null ? null : $"{main.Host}:{main.Port}";
        _relayOn = (await Relay.GetAsync()).Enabled;
        _stored = await Store.GetAsync();
        _passwordReadable = _stored is null || Store.CanDecryptPassword(_stored);
        if (_stored is null)
        {
            _preset = Catalog.Custom;
            _input = new FallbackInput { FromAddress = main?.FromAddress };
            _input.ApplyPreset(_preset);
        }
        else
        {
            _preset = Catalog.FindOrCustom(_stored.PresetId);
            _input = FallbackInput.From(_stored);
        }
        _editContext = new EditContext(_input);
        _problems = new ValidationMessageStore(_editContext);
        _editContext.OnFieldChanged += (_, e) => _problems.Clear(e.FieldIdentifier);
    }

    private Task<IEnumerable<ProviderPreset>> SearchPresetsAsync(string? text, CancellationToken _)
    {
        var typed = text?.Trim();
        IEnumerable<ProviderPreset> matches = string.IsNullOrEmpty(typed) || typed == _preset.DisplayName()
            ? Catalog.All
            : Catalog.All.Where(p => p.Name.Contains(typed, StringComparison.OrdinalIgnoreCase)
                || p.DisplayName().Contains(typed, StringComparison.OrdinalIgnoreCase)
                || p.Id.Contains(typed, StringComparison.OrdinalIgnoreCase)
                || p.Domains.Any(d => d.Contains(typed, StringComparison.OrdinalIgnoreCase)));
        return Task.FromResult(matches);
    }

    private void ApplyPreset(ProviderPreset? preset)
    {
        if (preset is null || preset.Id == _preset.Id)
            return;
        _preset = preset;
        _input.ApplyPreset(preset);
        // What was said next to the fields described the values before the preset filled them in.
        _problems!.Clear();
        _editContext!.NotifyValidationStateChanged();
    }

    /// <summary>A port the preset knows carries its security mode with it.</summary>
    private void PortChanged(int? value)
    {
        _input.Port = value;
        if (_preset.Ports.FirstOrDefault(p => p.Port == value) is { } known)
            _input.Security = known.Security;
        _editContext?.NotifyFieldChanged(_editContext.Field(nameof(FallbackInput.Port)));
    }

    private async Task SaveAsync()
    {
        if (_saving)
            return;
        _saving = true;
        try
        {
            _problems!.Clear();
            var saved = await Store.SaveAsync(_input, Address.For(_adminName));
            if (!saved.Succeeded)
            {
                foreach (var (field, problem) in saved.Problems)
                    _problems.Add(_editContext!.Field(field), problem);
                _editContext!.NotifyValidationStateChanged();
                return;
            }
            _stored = saved.Saved;
            _passwordReadable = Store.CanDecryptPassword(_stored!);
            // The secret leaves the component's state, and the browser's field, once it is stored.
            _input.Password = null;
            _passwordField++;
            Snackbar.Add(L["Saved"], Severity.Success);
        }
        finally
        {
            _saving = false;
        }
    }

    private async Task RemoveAsync()
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(L["RemoveTitle"],
            _stored?.InUse == true ? L["RemoveQuestionInUse"] : L["RemoveQuestion"], yesText: L["Remove"], cancelText: L["Cancel"]);
        if (confirmed != true)
            return;
        await Store.RemoveAsync(Address.For(_adminName));
        _passwordField++;
        Snackbar.Add(L["Removed"], Severity.Success);
        await OnInitializedAsync();
    }
}
