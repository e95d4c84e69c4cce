using Microsoft.Extensions.Localization;
using SmtpPortal.Localization;

namespace SmtpPortal.Settings;

/// <summary>Whether the stored password is due for rotation (its age in words: the Dashboard's SignInFacts, the credential panel).</summary>
public static class CredentialAge
{
    private static readonly IStringLocalizer L = StaticLocalizer.For(typeof(CredentialAge));

    /// <summary>"set 3 days ago (2026-11-28 09:15 UTC+8)", in the UI language and the viewer's zone.</summary>
    public static string Describe(DateTimeOffset setAt, DateTimeOffset now, ViewerTimeZone zone)
    {
        var days = (int)Math.Floor((now - setAt).TotalDays);
        var when = zone.FormatWithZone(setAt);
        return days switch
        {
            < 1 => L["SetToday", when],
            1 => L["SetOneDayAgo", when],
            _ => L["SetDaysAgo", days, when],
        };
    }

    public static bool IsOld(DateTimeOffset setAt, DateTimeOffset now, int maxAgeDays) =>
        now - setAt > TimeSpan.FromDays(maxAgeDays);
}
