namespace SmtpPortal.Components;

/// <summary>The admin's light/dark choice, kept in a cookie so the very first render of a page
/// already has the right colours (no flash of the wrong theme): App.razor puts
/// <see cref="DarkClass"/> or <see cref="LightClass"/> on the html element. Without a choice the
/// element has neither and wwwroot/theme.css follows the system's prefers-color-scheme.</summary>
public static class ThemePreference
{
    public const string CookieName = "SmtpPortal.Theme";

    /// <summary>Also in wwwroot/js/theme.js, which switches them without a reload.</summary>
    public const string DarkClass = "portal-dark";

    public const string LightClass = "portal-light";

    /// <summary>True or false when the admin chose; null to follow the system.</summary>
    public static bool? ChosenDark(HttpRequest request) => request.Cookies[CookieName] switch
    {
        "dark" => true,
        "light" => false,
        _ => null,
    };

    /// <summary>The html element's class for a choice; none to follow the system.</summary>
    public static string? HtmlClass(bool? chosenDark) => chosenDark switch
    {
        true => DarkClass,
        false => LightClass,
        null => null,
    };
}
