using System.Globalization;

namespace SmtpPortal.Alerts;

/// <summary>Anchors the alerts' own words (Resources/Alerts/AlertText.resx): a title per
/// condition key and state (<c>{Key}Failing</c>, <c>{Key}Recovered</c>), shared lines and the
/// descriptions the conditions' owners render.</summary>
public sealed class AlertText
{
    /// <summary>A time as alerts write it: UTC to the minute, the same for every reader of a group
    /// whatever their zone.</summary>
    public static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
