namespace SmtpPortal.Alerts;

/// <summary>Anchors the alerts' own words (Resources/Alerts/AlertText.resx): a title per
/// condition key and state (<c>{Key}Failing</c>, <c>{Key}Recovered</c>), shared lines and the
/// descriptions the conditions' owners render.</summary>
public sealed class AlertText;
