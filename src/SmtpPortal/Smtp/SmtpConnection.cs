namespace SmtpPortal.Smtp;

/// <summary>Everything needed to reach and log in to one SMTP server, password included. Lives
/// only for the duration of one send; <see cref="ToString"/> never shows the password or token.</summary>
public sealed class SmtpConnection(
    string host, int port, SecurityMode security, string? username, string? password,
    string? trustedCertificateSha256 = null)
{
    public string Host { get; } = host;
    public int Port { get; } = port;
    public SecurityMode Security { get; } = security;
    public string? Username { get; } = string.IsNullOrEmpty(username) ? null : username;
    public string? Password { get; } = password;
    public string? TrustedCertificateSha256 { get; } = trustedCertificateSha256;

    /// <summary>An OAuth2 access token: when set, the login is XOAUTH2 with it instead of the password.</summary>
    public string? AccessToken { get; init; }

    public override string ToString() => $"{Host}:{Port} ({Security.Describe()}) as {Username ?? "(no login)"}";
}

/// <summary>The test message; addresses are already validated.</summary>
public sealed record TestMessage(
    string FromAddress, string? FromName, string? ReplyTo, string To, string Subject, string Body);
