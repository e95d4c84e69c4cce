using MailKit.Security;
using MimeKit;

namespace SmtpPortal.Smtp;

/// <summary>Sends one message with exactly the given settings, within an overall deadline.</summary>
public sealed class TestEmailSender(ISmtpClientFactory clients, TimeProvider time)
{
    public async Task<SendOutcome> SendAsync(
        SmtpConnection connection, TestMessage message, TimeSpan deadline, CancellationToken cancel)
    {
        var started = time.GetTimestamp();
        using var deadlineSource = new CancellationTokenSource(deadline, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancel, deadlineSource.Token);
        var token = linked.Token;
        var tls = new TlsObservation();
        using var client = clients.Create(connection, tls);
        // MailKit's own timeout applies to each read or write; the deadline above bounds the whole.
        client.Timeout = (int)Math.Min(int.MaxValue, deadline.TotalMilliseconds);

        SendOutcome outcome;
        try
        {
            await client.ConnectAsync(connection.Host, connection.Port, ToMailKit(connection.Security), token);
            if (connection.Username is not null)
                await SmtpLogin.AuthenticateAsync(client, connection, token);
            var reply = await client.SendAsync(ToMime(message), token);
            await client.DisconnectAsync(quit: true, token);
            outcome = new SendOutcome(true, SmtpFailureCategory.None,
                $"Sent. The server accepted the message for {message.To}.", 250, reply);
        }
        catch (Exception ex)
        {
            var why = cancel.IsCancellationRequested ? StopReason.Cancelled
                : deadlineSource.IsCancellationRequested ? StopReason.Deadline
                : StopReason.None;
            outcome = SmtpFailureExplainer.Explain(ex, connection, tls, why, deadline);
        }
        return outcome with { Elapsed = time.GetElapsedTime(started) };
    }

    public static SecureSocketOptions ToMailKit(SecurityMode mode) => mode switch
    {
        SecurityMode.SslOnConnect => SecureSocketOptions.SslOnConnect,
        SecurityMode.StartTls => SecureSocketOptions.StartTls,
        SecurityMode.None => SecureSocketOptions.None,
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    private static MimeMessage ToMime(TestMessage message)
    {
        var mime = new MimeMessage { Subject = message.Subject };
        mime.From.Add(new MailboxAddress(message.FromName ?? "", message.FromAddress));
        mime.To.Add(MailboxAddress.Parse(message.To));
        if (!string.IsNullOrWhiteSpace(message.ReplyTo))
            mime.ReplyTo.Add(MailboxAddress.Parse(message.ReplyTo));
        mime.Body = new TextPart("plain") { Text = message.Body };
        return mime;
    }
}

public enum StopReason
{
    None,
    Cancelled,
    Deadline,
}
