using Microsoft.AspNetCore.Components;

namespace SmtpPortal.Components.Pages.Account;

/// <summary>Where a sign-in step may send the admin next: only a path of this site (an attacker's
/// link must not bounce a fresh sign-in elsewhere), else the portal's start page. Return URLs
/// are full paths including any path base, as the cookie middleware writes them.</summary>
public static class LocalReturnUrl
{
    public static string Resolve(string? url, NavigationManager navigation) =>
        IsLocal(url) ? url! : navigation.BaseUri;

    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//") && !url.StartsWith("/\\");

    /// <summary>The current page's path and query, including the path base, for a ReturnUrl.</summary>
    public static string Of(NavigationManager navigation) => new Uri(navigation.Uri).PathAndQuery;
}
