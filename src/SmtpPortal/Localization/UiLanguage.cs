using System.Globalization;

namespace SmtpPortal.Localization;

/// <summary>The two languages the portal speaks. The request localization middleware sets
/// <see cref="CultureInfo.CurrentUICulture"/> from the language cookie or the browser's
/// Accept-Language; a circuit keeps the culture of the request that opened it.</summary>
public static class UiLanguage
{
    public const string English = "en";
    public const string Chinese = "zh-CN";

    public static readonly IReadOnlyList<string> Supported = [English, Chinese];

    /// <summary>Where the .resx files live, below the project folder.</summary>
    public const string ResourcesPath = "Resources";

    /// <summary>The supported language a browser's or cookie's culture name stands for, or null:
    /// any Chinese reads the Simplified Chinese resources, any English the English ones.</summary>
    public static string? Normalize(string cultureName) =>
        cultureName.Split('-')[0].ToLowerInvariant() switch
        {
            "zh" => Chinese,
            "en" => English,
            _ => null,
        };

    /// <summary>ASP.NET Core's own culture cookie (CookieRequestCultureProvider reads it).</summary>
    public const string CookieName = ".AspNetCore.Culture";

    public static bool IsChinese(CultureInfo culture) => culture.TwoLetterISOLanguageName == "zh";

    /// <summary>The text for the current UI language, for code not yet moved to resources
    /// (the credential shape check's messages). New strings go into .resx files: docs/decisions/0022-localization.md.</summary>
    public static string Text(string english, string chinese) =>
        IsChinese(CultureInfo.CurrentUICulture) ? chinese : english;

    /// <summary>The cookie value for a culture, in the format CookieRequestCultureProvider reads.</summary>
    public static string CookieValue(string culture) => $"c={culture}|uic={culture}";
}
