using Microsoft.Extensions.Localization;
using SmtpPortal.Smtp;

namespace SmtpPortal.Alerts;

/// <summary>A failure's reason as alerts word it.</summary>
public static class AlertReasons
{
    /// <summary>The failure's category in the channel's language (the diagnosis's own summary is English).</summary>
    public static string Of(IStringLocalizer L, SendOutcome outcome) => Of(L, outcome.Category);

    /// <summary>A failure category in the reader's language (with AlertText's localizer).</summary>
    public static string Of(IStringLocalizer L, SmtpFailureCategory category)
    {
        var reason = L[$"Reason{category}"];
        return reason.ResourceNotFound ? L["ReasonUnknown"] : reason;
    }
}
