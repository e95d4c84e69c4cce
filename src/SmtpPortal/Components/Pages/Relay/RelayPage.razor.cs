using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;
using MudBlazor;
using SmtpPortal.History;
using SmtpPortal.Relay;

namespace SmtpPortal.Components.Pages.Relay;

/// <summary>The relay: its switch and certificate, the apps' logins and what it refused.</summary>
public sealed partial class RelayPage
{
    [Inject] private RelayAppStore Apps { get; set; } = default!;
    [Inject] private CircuitRemoteAddress Address { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private IReadOnlyList<RelayApp>? _apps;
    private int? _shown;

    /// <summary>Bumped when the switch changes, so that the certificate card shows the port now listened on.</summary>
    private int _revision;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync() => _apps = await Apps.ListAsync();

    private void ToggleSettings(RelayApp app) => _shown = _shown == app.Id ? null : app.Id;

    private async Task RevokeAsync(RelayApp app)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(L["RevokeTitle", app.Name], L["RevokeQuestion", app.Name], yesText: L["Revoke"], cancelText: L["Cancel"]);
        if (confirmed != true)
            return;
        var actor = Address.For((await AuthenticationState).User.Identity?.Name);
        if (await Apps.RevokeAsync(app.Id, actor) is { } problem)
            Snackbar.Add(problem.In(System.Globalization.CultureInfo.CurrentUICulture), Severity.Warning);
        else
            Snackbar.Add(L["RevokedDone", app.Name].Value, Severity.Success);
        await LoadAsync();
    }

    [CascadingParameter] private SmtpPortal.Localization.ViewerTimeZone? Viewer { get; set; }

    private SmtpPortal.Localization.ViewerTimeZone Zone => Viewer ?? SmtpPortal.Localization.ViewerTimeZone.Unknown;

    private string Local(DateTimeOffset at) => Zone.Format(at);
}
