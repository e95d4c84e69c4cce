using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using MudBlazor;

namespace SmtpPortal.Components.Layout;

/// <summary>One page in the navigation drawer; <see cref="TextKey"/> names its text in NavMenu's
/// resources. The entries and their icon markup are built once per process and shared by every circuit.</summary>
public sealed record NavEntry(string Href, string TextKey, MarkupString Icon, NavLinkMatch Match = NavLinkMatch.Prefix)
{
    public static readonly IReadOnlyList<NavEntry> All =
    [
        new("", "Dashboard", NavIcon(Icons.Material.Filled.Dashboard), NavLinkMatch.All),
        new("settings", "SmtpSettings", NavIcon(Icons.Material.Filled.Settings)),
        new("providers", "Providers", NavIcon(Icons.Material.Filled.MenuBook)),
        new("relay", "Relay", NavIcon(Icons.Material.Filled.Hub)),
        new("sent-mail", "SentMail", NavIcon(Icons.Material.Filled.Outbox)),
        new("fallback", "Fallback", NavIcon(Icons.Material.Filled.AltRoute)),
        new("history", "History", NavIcon(Icons.Material.Filled.History)),
        new("backup", "Backup", NavIcon(Icons.Material.Filled.Backup)),
        new("admins", "Admins", NavIcon(Icons.Material.Filled.AdminPanelSettings)),
        new("export", "Export", NavIcon(Icons.Material.Filled.IosShare)),
        new("alerts", "Alerts", NavIcon(Icons.Material.Filled.NotificationsActive)),
        new("api-tokens", "ApiTokens", NavIcon(Icons.Material.Filled.Key)),
    ];

    public static readonly MarkupString SignOutIcon = NavIcon(Icons.Material.Filled.Logout);

    /// <summary>What MudIcon renders inside a MudNavLink: decorative, hidden from screen readers.</summary>
    private static MarkupString NavIcon(string svgContent) => new(
        "<svg class=\"mud-icon-root mud-icon-default mud-svg-icon mud-icon-size-medium mud-nav-link-icon mud-nav-link-icon-default\" "
        + $"focusable=\"false\" viewBox=\"0 0 24 24\" aria-hidden=\"true\" role=\"img\">{svgContent}</svg>");
}
