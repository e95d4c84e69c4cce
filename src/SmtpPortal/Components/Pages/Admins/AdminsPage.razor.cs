using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using MudBlazor;
using SmtpPortal.Components.Pages.Account;
using SmtpPortal.Security;

namespace SmtpPortal.Components.Pages.Admins;

/// <summary>The admin's own password and 2FA, and who else may manage the server's mail. Every
/// change re-checks the re-authentication window at the moment of the click: it may have
/// closed while the page stood open.</summary>
public partial class AdminsPage
{
    [Inject] private AdminAccounts Accounts { get; set; } = default!;
    [Inject] private AdminSessionPolicy Sessions { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IStringLocalizer<AdminsPage> L { get; set; } = default!;
    [Inject] private SmtpPortal.History.CircuitRemoteAddress Address { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private readonly PasswordChange _password = new();
    private NewAdmin _newAdmin = new();
    private IReadOnlyList<AdminSummary> _admins = [];
    private string _myId = "";
    private string _userName = "";
    private bool _twoFactor;
    private bool _busy;
    private string? _passwordError;
    private string? _addError;
    private string? _removeError;

    protected override async Task OnInitializedAsync()
    {
        var user = (await AuthenticationState).User;
        _myId = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        _userName = user.Identity?.Name ?? "";
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _admins = await Accounts.ListAsync();
        _twoFactor = _admins.FirstOrDefault(a => a.Id == _myId)?.TwoFactorEnabled == true;
    }

    private async Task<bool> StillConfirmedAsync()
    {
        if (Sessions.IsRecentlyReauthenticated((await AuthenticationState).User))
            return true;
        Navigation.NavigateTo(
            $"{RecentReauthentication.PagePath.TrimStart('/')}?ReturnUrl={Uri.EscapeDataString(LocalReturnUrl.Of(Navigation))}",
            forceLoad: true);
        return false;
    }

    private async Task ChangePasswordAsync()
    {
        _passwordError = null;
        if (_busy || !await StillConfirmedAsync())
            return;
        _busy = true;
        try
        {
            var result = await Accounts.ChangePasswordAsync(_myId, _password.Current, _password.New, Address.For(_userName));
            if (!result.Succeeded)
            {
                _passwordError = Describe(result);
                return;
            }
            // The new security stamp has ended this session as well; sign in again with the new password.
            Navigation.NavigateTo("signin?ended=password", forceLoad: true);
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task AddAsync()
    {
        _addError = null;
        if (_busy || !await StillConfirmedAsync())
            return;
        _busy = true;
        try
        {
            var result = await Accounts.AddAsync(_newAdmin.UserName, _newAdmin.Email, _newAdmin.Password, Address.For(_userName));
            if (!result.Succeeded)
            {
                _addError = Describe(result);
                return;
            }
            Snackbar.Add(L["CanNowSignIn", _newAdmin.UserName.Trim()], Severity.Success);
            _newAdmin = new();
            await LoadAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task RemoveAsync(AdminSummary admin)
    {
        _removeError = null;
        var confirmed = await Dialogs.ShowMessageBoxAsync(L["RemoveTitle"],
            L["RemoveQuestion", admin.UserName], yesText: L["Remove"], cancelText: L["Cancel"]);
        if (confirmed != true || !await StillConfirmedAsync())
            return;
        var result = await Accounts.RemoveAsync(admin.Id, _myId, Address.For(_userName));
        if (!result.Succeeded)
            _removeError = Describe(result);
        else
            Snackbar.Add(L["Removed", admin.UserName], Severity.Success);
        await LoadAsync();
    }

    private void OpenTwoFactor() => Navigation.NavigateTo("account/two-factor", forceLoad: true);

    private static string Describe(IdentityResult result) =>
        string.Join(" ", result.Errors.Select(e => e.Description));

    private sealed class PasswordChange
    {
        [Required(ErrorMessageResourceType = typeof(AccountValidation), ErrorMessageResourceName = nameof(AccountValidation.EnterCurrentPassword))]
        public string Current { get; set; } = "";

        [Required(ErrorMessageResourceType = typeof(AccountValidation), ErrorMessageResourceName = nameof(AccountValidation.ChooseNewPassword))]
        [MinLength(12, ErrorMessageResourceType = typeof(AccountValidation), ErrorMessageResourceName = nameof(AccountValidation.AtLeast12))]
        public string New { get; set; } = "";

        [Compare(nameof(New), ErrorMessageResourceType = typeof(AccountValidation), ErrorMessageResourceName = nameof(AccountValidation.PasswordsDiffer))]
        public string Confirm { get; set; } = "";
    }

    private sealed class NewAdmin
    {
        [Required(ErrorMessageResourceType = typeof(AccountValidation), ErrorMessageResourceName = nameof(AccountValidation.ChooseUserName))]
        [StringLength(64, ErrorMessageResourceType = typeof(AccountValidation), ErrorMessageResourceName = nameof(AccountValidation.AtMost64))]
        [RegularExpression(@"^[A-Za-z0-9._@+-]+$", ErrorMessageResourceType = typeof(AccountValidation), ErrorMessageResourceName = nameof(AccountValidation.UserNameCharacters))]
        public string UserName { get; set; } = "";

        [Required(ErrorMessageResourceType = typeof(AccountValidation), ErrorMessageResourceName = nameof(AccountValidation.EnterTheirEmail))]
        [EmailAddress(ErrorMessageResourceType = typeof(AccountValidation), ErrorMessageResourceName = nameof(AccountValidation.EmailForm))]
        public string Email { get; set; } = "";

        [Required(ErrorMessageResourceType = typeof(AccountValidation), ErrorMessageResourceName = nameof(AccountValidation.ChooseFirstPassword))]
        [MinLength(12, ErrorMessageResourceType = typeof(AccountValidation), ErrorMessageResourceName = nameof(AccountValidation.AtLeast12))]
        public string Password { get; set; } = "";
    }
}
