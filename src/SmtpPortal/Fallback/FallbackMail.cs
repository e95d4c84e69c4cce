using MimeKit;
using SmtpPortal.Smtp;

namespace SmtpPortal.Fallback;

/// <summary>Mail the portal itself sends through the fallback provider: alert emails. An alert is
/// usually about the main provider failing, so it must not depend on it.</summary>
public sealed class FallbackMail(FallbackProviderStore fallbacks, SmtpConnections connections, SmtpSender sender)
{
    /// <summary>Sends one plain-text message from the fallback's From address; the outcome carries
    /// the same diagnosis as any send when it fails (NotConfigured when there is no fallback).</summary>
    public async Task<SendOutcome> SendAsync(string to, string subject, string text, TimeSpan deadline, CancellationToken ct)
    {
        var fallback = await fallbacks.GetAsync(ct);
        var (_, connection, problem) = await connections.ForFallbackAsync(ct);
        if (fallback is null || problem is not null)
            return new SendOutcome(problem ?? SmtpDiagnosis.Of(SmtpFailureCategory.NotConfigured));
        var message = new MimeMessage { Subject = subject };
        message.From.Add(new MailboxAddress("SmtpPortal", fallback.FromAddress));
        message.To.Add(MailboxAddress.Parse(to));
        message.Body = new TextPart("plain") { Text = text };
        return await sender.SendAsync(connection!, new OutgoingMessage(fallback.FromAddress, [to], message), deadline, null, ct);
    }
}
