using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;
using Microsoft.JSInterop;
using MudBlazor;
using SmtpPortal.Export;
using SmtpPortal.History;
using SmtpPortal.Security;

namespace SmtpPortal.Components.Pages.Export;

public sealed partial class ExportPage
{
    [Inject] private IStringLocalizer<ExportPage> L { get; set; } = default!;
    [Inject] private SettingsExporter Exporter { get; set; } = default!;
    [Inject] private IRecentAuthentication RecentAuthentication { get; set; } = default!;
    [Inject] private CircuitRemoteAddress Address { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private static string Placeholder => ExportValues.PasswordPlaceholder;

    private List<ExportResult>? _exports;
    private bool _includePassword;
    private bool _passwordIncluded;
    private bool _canIncludePassword;

    protected override async Task OnInitializedAsync()
    {
        _canIncludePassword = RecentAuthentication.IsRecent((await AuthenticationState).User);
        await LoadAsync();
    }

    private async Task IncludePasswordChanged(bool include)
    {
        _includePassword = include;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        // The exporter decides again whether the secret may go out: the switch is only a wish.
        var admin = (await AuthenticationState).User;
        var exports = await Exporter.ExportAllForAdminAsync(ExportCatalog.All, _includePassword, admin, Address.For(admin.Identity?.Name));
        _exports = exports[0].IsConfigured ? [.. exports] : [];
        _passwordIncluded = exports.Any(e => e.IncludesPassword);
    }

    private async Task CopyAsync(ExportResult export)
    {
        try
        {
            await JS.InvokeVoidAsync("smtpPortalClipboard.copy", export.Text);
            Snackbar.Add(L["Copied", export.Format!.Name], Severity.Success);
        }
        catch (JSException)
        {
            Snackbar.Add(L["CopyRefused"], Severity.Warning);
        }
    }

    private static string DownloadUri(ExportResult export) =>
        $"data:{export.Format!.ContentType};charset=utf-8;base64,{Convert.ToBase64String(Encoding.UTF8.GetBytes(export.Text))}";
}
