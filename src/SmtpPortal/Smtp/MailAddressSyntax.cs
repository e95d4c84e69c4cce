using MimeKit;

namespace SmtpPortal.Smtp;

/// <summary>Whether text is one plain address as MimeKit — the parser that will send it — reads
/// it. The hand-written checks before it give the friendlier messages; this one catches what they
/// let through (<c>a@b@x.example</c>, <c>from:x@example.com</c>, a display name, a route), which
/// used to be saved and then fail at send time with the parser's own words.</summary>
public static class MailAddressSyntax
{
    public static bool IsPlainAddress(string text) =>
        MailboxAddress.TryParse(ParserOptions.Default, text, out var mailbox)
        && string.IsNullOrEmpty(mailbox.Name)
        && mailbox.Route.Count == 0
        && mailbox.Address == text
        && mailbox.LocalPart.Length > 0
        && mailbox.Domain.Length > 0;
}
