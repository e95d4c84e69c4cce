using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Localization;
using MudBlazor;
using SmtpPortal.Localization;
using SmtpPortal.History;
using SmtpPortal.Providers;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;
using SmtpPortal.Smtp.Diagnostics;

namespace SmtpPortal.Components.Pages.Settings;

public sealed partial class SmtpSettingsPage
{
    [Inject] private SmtpSettingsStore Store { get; set; } = default!;
    [Inject] private SmtpSettingsEditor Editor { get; set; } = default!;
    [Inject] private ProviderCatalog Catalog { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private CircuitRemoteAddress Address { get; set; } = default!;
    [Inject] private IStringLocalizer<SmtpSettingsPage> L { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;
    [CascadingParameter] private ViewerTimeZone? Viewer { get; set; }

    private ViewerTimeZone Zone => Viewer ?? ViewerTimeZone.Unknown;

    private SmtpSettingsInput _input = new();
    private EditContext? _editContext;
    private ValidationMessageStore? _serverErrors;
    private IReadOnlyList<ShapeFinding> _tidyNotices = [];
    private string? _tidiedPassword;
    private SmtpSettings? _stored;
    private ProviderPreset _preset = default!;
    private bool _saving;
    private TestRunResult? _saveTest;
    private bool _conflict;
    private IReadOnlyList<AuditEntry> _changedMeanwhile = [];
    private string? _adminEmail;
    private string _adminName = "";

    private string PasswordHelp => _stored?.PasswordSetAt is { } set
        ? L["PasswordSetOn", Zone.FormatWithZone(set)]
        : L["PasswordStoredEncrypted"];

    /// <summary>What the save's rules say about the form as it is typed (the same rules refuse or warn on save).</summary>
    private IReadOnlyList<ShapeFinding> ShapeFindings => Store.Findings(_input);

    private bool HasUnsavedChanges => _stored is null
        || !string.IsNullOrEmpty(_input.Password)
        || _input.PresetId != _stored.PresetId
        || !string.Equals(_input.Host, _stored.Host, StringComparison.Ordinal)
        || _input.Port != _stored.Port
        || _input.Security != _stored.Security
        || (_input.Username ?? "") != (_stored.Username ?? "")
        || (_input.FromAddress ?? "") != _stored.FromAddress
        || (_input.FromName ?? "") != (_stored.FromName ?? "")
        || (_input.ReplyTo ?? "") != (_stored.ReplyTo ?? "");

    protected override async Task OnInitializedAsync()
    {
        var user = (await AuthenticationState).User;
        _adminEmail = user.FindFirstValue(ClaimTypes.Email);
        _adminName = user.Identity?.Name ?? "";

        _stored = await Store.GetAsync();
        if (_stored is null)
        {
            _preset = Catalog.Custom;
            _input = new SmtpSettingsInput { FromAddress = _adminEmail };
            _input.ApplyPreset(_preset);
        }
        else
        {
            _preset = Catalog.FindOrCustom(_stored.PresetId);
            _input = SmtpSettingsInput.From(_stored);
            _input.UsernameRequired = !_preset.IsCustom;
        }
        ResetEditContext();
    }

    private void ResetEditContext()
    {
        _editContext = new EditContext(_input);
        _serverErrors = new ValidationMessageStore(_editContext);
        _editContext.OnValidationRequested += (_, _) => _serverErrors.Clear();
        _editContext.OnFieldChanged += (_, e) => _serverErrors.Clear(e.FieldIdentifier);
    }

    private Task<IEnumerable<ProviderPreset>> SearchPresetsAsync(string? text, CancellationToken _)
    {
        IEnumerable<ProviderPreset> matches = string.IsNullOrWhiteSpace(text) || text == _preset.DisplayName()
            ? Catalog.All
            : Catalog.All.Where(p => p.Name.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase)
                || p.DisplayName().Contains(text.Trim(), StringComparison.OrdinalIgnoreCase)
                || p.Id.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase)
                || p.Domains.Any(d => d.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase)));
        return Task.FromResult(matches);
    }

    private Task ApplyPresetAsync(ProviderPreset? preset)
    {
        if (preset is null || preset.Id == _preset.Id)
            return Task.CompletedTask;
        _preset = preset;
        _input.SignsInWithOAuth = false;
        _input.ApplyPreset(preset);
        // Messages shown before must describe the values now in the form, not the old ones.
        if (_editContext!.GetValidationMessages().Any())
            _editContext.Validate();
        return Task.CompletedTask;
    }

    /// <summary>An address typed at the top: its provider's preset, and the address as From (and
    /// as username where the provider logs in with the full address).</summary>
    private async Task ApplyDetectionAsync((ProviderDetection Detection, string Address) detected)
    {
        if (detected.Detection.Recognised)
        {
            await ApplyPresetAsync(detected.Detection.Preset);
            // The region's host (zoho.eu → smtp.zoho.eu), even when the preset was already chosen.
            if (detected.Detection.Host is { } host)
                _input.Host = host;
        }
        var usesAddress = _preset.UsernameForm == UsernameForm.FullAddress
            || (_preset.IsCustom && string.IsNullOrWhiteSpace(_input.Username));
        if (usesAddress)
            _input.Username = detected.Address;
        else if (_preset.UsernameForm == UsernameForm.LocalPart)
            _input.Username = detected.Address[..detected.Address.LastIndexOf('@')];
        _input.FromAddress = detected.Address;
    }

    private bool IsChosen(PresetPort port) => port.Port == _input.Port && port.Security == _input.Security;

    private void ChoosePort(PresetPort port)
    {
        _input.Port = port.Port;
        _input.Security = port.Security;
        _editContext?.NotifyFieldChanged(_editContext.Field(nameof(SmtpSettingsInput.Port)));
    }

    /// <summary>A port the preset knows carries its security mode with it.</summary>
    private void PortChanged(int? value)
    {
        _input.Port = value;
        var known = _preset.Ports.FirstOrDefault(p => p.Port == value);
        if (known is not null)
            _input.Security = known.Security;
        _editContext?.NotifyFieldChanged(_editContext.Field(nameof(SmtpSettingsInput.Port)));
    }

    private Task SaveAsync() => SaveAsync(SaveTesting.TestFirst);

    /// <summary>The admin's explicit choice after a failed test, for a server this machine cannot reach yet.</summary>
    private Task SaveWithoutTestingAsync() => SaveAsync(SaveTesting.WithoutTesting);

    /// <summary>A changed password or destination is tested before it is stored (the editor's rule).</summary>
    private async Task SaveAsync(SaveTesting testing)
    {
        if (_saving)
            return;
        _saving = true;
        _conflict = false;
        _saveTest = null;
        try
        {
            TidyPastedPassword();
            // Validated after the tidy (a pasted line break is gone by then); this also clears
            // what the last attempt said next to the fields.
            if (!_editContext!.Validate())
                return;
            var result = await Editor.SaveAsync(_input, _stored?.Revision, testing, Requester.Admin(Address.For(_adminName)), CancellationToken.None);
            _saveTest = result.Test;
            if (result.IsConflict)
            {
                _conflict = true;
                _changedMeanwhile = result.ChangedMeanwhile ?? [];
                return;
            }
            if (result.TestFailed)
                return; // Nothing stored; the typed password stays in the form for "save without testing".
            if (!result.Succeeded)
            {
                foreach (var (field, message) in result.Errors)
                    _serverErrors!.Add(_editContext!.Field(field), message);
                _editContext!.NotifyValidationStateChanged();
                return;
            }
            _stored = result.Settings;
            // The secret leaves the component's state as soon as it is stored.
            _input.Password = _tidiedPassword = null;
            _input.TrustCertificateSha256 = null;
            Snackbar.Add(SavedMessage(_tidyNotices), Severity.Success);
            _tidyNotices = [];
        }
        finally
        {
            _saving = false;
        }
    }

    /// <summary>What was pasted around the secret (or between a code's groups) is removed here, in
    /// the form the admin sees, and said once the save succeeds; the services keep a password
    /// exactly as given. The notice lasts through a failed test and "Save without testing".</summary>
    private void TidyPastedPassword()
    {
        var tidied = CredentialShapeCheck.Check(_preset, _input.Username, _input.Password);
        if (tidied.Password != _input.Password)
            _tidyNotices = [.. tidied.Findings.Where(f => f.Severity == ShapeSeverity.Fixed)];
        else if (_input.Password != _tidiedPassword)
            _tidyNotices = []; // typed again since: nothing of ours to report
        _input.Password = _tidiedPassword = tidied.Password;
    }

    /// <summary>A fix the failed test before saving proposes: another port or mode fills in the
    /// form; trusting the certificate it saw saves again, testing with exactly that certificate.</summary>
    private Task ApplySaveFixAsync(QuickFix fix)
    {
        if (fix.Kind == QuickFixKind.SwitchSecurity)
        {
            ApplySecurityFix(fix);
            return Task.CompletedTask;
        }
        _input.TrustCertificateSha256 = fix.CertificateSha256;
        return SaveAsync(SaveTesting.TestFirst);
    }

    /// <summary>Fills in the port and mode the diagnosis proposes; the password must be typed again
    /// before the new destination is saved (and so before anything is sent there).</summary>
    private void ApplySecurityFix(QuickFix fix)
    {
        _input.Port = fix.Port;
        _input.Security = fix.Security!.Value;
        _saveTest = null;
        // A password still in the (unsaved) form goes to the new destination on the next save's test.
        if (!string.IsNullOrEmpty(_input.Password))
            return;
        var password = _editContext!.Field(nameof(SmtpSettingsInput.Password));
        _serverErrors!.Clear(password);
        _serverErrors.Add(password, L["PasswordAgainForFix"]);
        _editContext.NotifyValidationStateChanged();
    }

    /// <summary>A rotation or rollback bumped the revision; the form's next save builds on it.</summary>
    private void CredentialChanged(SmtpSettings settings) => _stored = settings;

    /// <summary>Says what SmtpPortal changed in the pasted secret, so a surprise never goes unexplained.</summary>
    private string SavedMessage(IReadOnlyList<ShapeFinding> notices) => string.Join(" ",
        [L["Saved"],
         .. notices.Where(f => f.Severity == ShapeSeverity.Fixed).Select(f => f.Message)]);
}
