using System.Net;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace SmtpPortal.Smtp;

/// <summary>Logs in the way the connection says: XOAUTH2 with an access token, or the password
/// (MailKit then picks the strongest mechanism the server offers).</summary>
public static class SmtpLogin
{
    public static Task AuthenticateAsync(ISmtpClient client, SmtpConnection connection, CancellationToken token) =>
        connection.AccessToken is { } accessToken
            ? client.AuthenticateAsync(new SaslMechanismOAuth2(connection.Username ?? "", accessToken), token)
            : client.AuthenticateAsync(new NetworkCredential(connection.Username, connection.Password), token);
}
