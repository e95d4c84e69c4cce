using System.Globalization;
using Microsoft.Extensions.Localization;
using SmtpPortal.Localization;

namespace SmtpPortal.Components.Pages.Account;

/// <summary>Tells a locked-out admin when to try again, in UTC (the server's visitors may be
/// anywhere; a static page does not know their time zone), in the UI language.</summary>
public static class LockoutMessage
{
    private static readonly IStringLocalizer L = StaticLocalizer.For(typeof(LockoutMessage));

    public static string For(DateTimeOffset? lockoutEnd) =>
        lockoutEnd is { } end
            ? L["LockedUntil", end.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture)]
            : L["LockedForAWhile"];
}
