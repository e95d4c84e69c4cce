using System.Globalization;
using System.Text.RegularExpressions;

namespace SmtpPortal.Localization;

/// <summary>
/// The time zone of the browser looking at the portal, so that "2026-12-01 08:48" means the
/// admin's 08:48. wwwroot/js/time-zone.js writes the browser's IANA zone into a cookie on every
/// page (sign-in included), App.razor hands it to Routes, which cascades this to every page; a
/// circuit whose request had no cookie asks the browser once. Until the zone is known, times are
/// shown in UTC and say so.
/// </summary>
public sealed partial record ViewerTimeZone(TimeZoneInfo Zone, bool Known)
{
    public const string CookieName = "SmtpPortal.TimeZone";

    public static ViewerTimeZone Unknown { get; } = new(TimeZoneInfo.Utc, Known: false);

    /// <summary>The zone a browser named ("Asia/Shanghai"), or <see cref="Unknown"/> when the name
    /// is missing, malformed or not a zone this machine knows. The name comes from a cookie, so
    /// it is checked before it reaches the zone database (which reads files by that name).</summary>
    public static ViewerTimeZone FromName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 64 || !ZoneName().IsMatch(name) || name.Contains(".."))
            return Unknown;
        return TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone) ? new ViewerTimeZone(zone, Known: true) : Unknown;
    }

    public DateTimeOffset ToViewer(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone);

    /// <summary>"2026-12-01 16:48" in the viewer's zone, without saying which (for times next to one that does).</summary>
    public string Format(DateTimeOffset at) => ToViewer(at).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>"2026-12-01 16:48 UTC+8": where a time stands alone, the reader sees which zone it is in.</summary>
    public string FormatWithZone(DateTimeOffset at) => $"{Format(at)} {OffsetLabel(at)}";

    /// <summary>"2026-12-01 16:48:05 UTC+8", for History, where seconds order the entries.</summary>
    public string FormatPreciseWithZone(DateTimeOffset at) => $"{FormatPrecise(at)} {OffsetLabel(at)}";

    /// <summary>"2026-12-01 16:48:05": rows of a log, where seconds order the lines.</summary>
    public string FormatPrecise(DateTimeOffset at) => ToViewer(at).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public string FormatDate(DateTimeOffset at) => ToViewer(at).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>"UTC", "UTC+8", "UTC+5:30", "UTC-3": the offset at that moment (summer time included).</summary>
    public string OffsetLabel(DateTimeOffset at) => Offset(Zone.GetUtcOffset(at));

    public static string Offset(TimeSpan offset)
    {
        if (offset == TimeSpan.Zero)
            return "UTC";
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        var abs = offset.Duration();
        return abs.Minutes == 0
            ? $"UTC{sign}{abs.Hours}"
            : $"UTC{sign}{abs.Hours}:{abs.Minutes:00}";
    }

    /// <summary>The first moment of a calendar day in the viewer's zone (History's date filters).</summary>
    public DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // A day that starts in a summer-time gap starts at the gap's end.
        while (Zone.IsInvalidTime(local))
            local = local.AddMinutes(30);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }

    [GeneratedRegex(@"^[A-Za-z0-9_+\-]+(/[A-Za-z0-9_+\-]+){0,2}$")]
    private static partial Regex ZoneName();
}
