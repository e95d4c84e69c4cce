using Microsoft.Extensions.Localization;

namespace SmtpPortal.Relay;

/// <summary>Anchors the words for a message's <see cref="RelayMessage.LastReasonCode"/>
/// (Resources/Relay/RelayReasonWords.resx): the send log, the Dashboard and the relay's alerts
/// say a reason the same way.</summary>
public sealed class RelayReasonWords
{
    /// <summary>The reason alone, without when the message is tried next, in the localizer's
    /// current language: a diagnosis category, the relay's pacing ("Paced:MessagesPerMinute") or
    /// another of <see cref="RelayReasons"/>.</summary>
    public static string Describe(IStringLocalizer words, string code)
    {
        if (PacedLimit(code) is { } limit)
            return words["PacedLimit", words[limit]];
        var text = words[code];
        return text.ResourceNotFound ? words["Other", code] : text;
    }

    /// <summary>The provider's limit that holds a paced message back, or null for any other reason.</summary>
    public static string? PacedLimit(string code) =>
        code.StartsWith(RelayReasons.Paced + ":", StringComparison.Ordinal) ? code[(RelayReasons.Paced.Length + 1)..] : null;
}
