namespace SmtpPortal.Components;

/// <summary>The admin's light/dark choice, kept in a cookie so the very first render of a page
/// already has the right colours (no flash of the wrong theme): App.razor puts
/// <see cref="DarkClass"/> on the html element, under which wwwroot/theme.css holds the dark palette.</summary>
public static class ThemePreference
{
    public const string CookieName = "SmtpPortal.Theme";

    /// <summary>Also in wwwroot/js/theme.js, which switches it without a reload.</summary>
    public const string DarkClass = "portal-dark";

    public static bool IsDark(HttpRequest request) => request.Cookies[CookieName] == "dark";
}
