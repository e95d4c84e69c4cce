using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
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
            Snackbar.Add($"{_newAdmin.UserName.Trim()} can now sign in.", Severity.Success);
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
        var confirmed = await Dialogs.ShowMessageBoxAsync("Remove admin",
            $"Remove {admin.UserName}? Their sessions end at once.", yesText: "Remove", cancelText: "Cancel");
        if (confirmed != true || !await StillConfirmedAsync())
            return;
        var result = await Accounts.RemoveAsync(admin.Id, _myId, Address.For(_userName));
        if (!result.Succeeded)
            _removeError = Describe(result);
        else
            Snackbar.Add($"{admin.UserName} was removed.", Severity.Success);
        await LoadAsync();
    }

    private void OpenTwoFactor() => Navigation.NavigateTo("account/two-factor", forceLoad: true);

    private static string Describe(IdentityResult result) =>
        string.Join(" ", result.Errors.Select(e => e.Description));

    private sealed class PasswordChange
    {
        [Required(ErrorMessage = "Enter your current password.")]
        public string Current { get; set; } = "";

        [Required(ErrorMessage = "Choose a new password.")]
        [MinLength(12, ErrorMessage = "Use at least 12 characters.")]
        public string New { get; set; } = "";

        [Compare(nameof(New), ErrorMessage = "The two passwords differ.")]
        public string Confirm { get; set; } = "";
    }

    private sealed class NewAdmin
    {
        [Required(ErrorMessage = "Choose a user name.")]
        [StringLength(64, ErrorMessage = "Use at most 64 characters.")]
        [RegularExpression(@"^[A-Za-z0-9._@+-]+$", ErrorMessage = "Use letters, digits and . _ @ + - only.")]
        public string UserName { get; set; } = "";

        [Required(ErrorMessage = "Enter their email.")]
        [EmailAddress(ErrorMessage = "Enter an email address in the form name@example.com.")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Choose a first password.")]
        [MinLength(12, ErrorMessage = "Use at least 12 characters.")]
        public string Password { get; set; } = "";
    }
}
