namespace SmtpPortal.Components;

/// <summary>The admin's light/dark choice, kept in a cookie so the very first render of a page
/// already has the right colours (no flash of the wrong theme).</summary>
public static class ThemePreference
{
    public const string CookieName = "SmtpPortal.Theme";

    public static bool IsDark(HttpRequest request) => request.Cookies[CookieName] == "dark";
}
