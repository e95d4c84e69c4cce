using System.Globalization;

namespace SmtpPortal.Components.Pages.Account;

/// <summary>Tells a locked-out admin when to try again, in UTC (the server's visitors may be
/// anywhere; a static page does not know their time zone).</summary>
public static class LockoutMessage
{
    public static string For(DateTimeOffset? lockoutEnd) =>
        lockoutEnd is { } end
            ? $"Too many failed attempts: this account is locked until {end.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture)} UTC. Try again then, or ask another admin."
            : "Too many failed attempts: this account is locked for a while. Try again later.";
}
