using MimeKit;

namespace SmtpPortal.Smtp;

/// <summary>Everything needed to reach and log in to one SMTP server, password included. Lives
/// only for the duration of one send; <see cref="ToString"/> never shows the password or token.
/// Made only by <see cref="SmtpConnections"/>, the one place that decrypts secrets for sending.</summary>
public sealed class SmtpConnection
{
    internal SmtpConnection(string host, int port, SecurityMode security, string? username, string? password,
        string? trustedCertificateSha256 = null, string? accessToken = null)
    {
        Host = host;
        Port = port;
        Security = security;
        Username = string.IsNullOrEmpty(username) ? null : username;
        Password = password;
        TrustedCertificateSha256 = trustedCertificateSha256;
        AccessToken = accessToken;
    }

    public string Host { get; }
    public int Port { get; }
    public SecurityMode Security { get; }
    public string? Username { get; }
    public string? Password { get; }
    public string? TrustedCertificateSha256 { get; }

    /// <summary>An OAuth2 access token: when set, the login is XOAUTH2 with it instead of the password.</summary>
    public string? AccessToken { get; }

    public override string ToString() => $"{Host}:{Port} ({Security.Describe()}) as {Username ?? "(no login)"}";
}

/// <summary>A message to send with its envelope: the test email today, the relay's queued mail
/// later. The envelope may differ from the headers (a relay delivers for many recipients).</summary>
public sealed record OutgoingMessage(string EnvelopeFrom, IReadOnlyList<string> Recipients, MimeMessage Content)
{
    /// <summary>The envelope taken from the message's own From and To/Cc/Bcc headers.</summary>
    public static OutgoingMessage FromHeaders(MimeMessage content) => new(
        content.From.Mailboxes.First().Address,
        [.. content.To.Mailboxes.Concat(content.Cc.Mailboxes).Concat(content.Bcc.Mailboxes).Select(m => m.Address)],
        content);

    /// <summary>Every address the server would have to take as it is: envelope and header mailboxes.</summary>
    internal IEnumerable<string> Addresses =>
        Recipients.Prepend(EnvelopeFrom)
            .Concat(Content.From.Mailboxes.Concat(Content.Sender is { } s ? [s] : []).Concat(Content.ReplyTo.Mailboxes)
                .Select(m => m.Address));
}
