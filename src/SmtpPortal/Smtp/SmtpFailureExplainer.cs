using System.Net.Security;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using SmtpPortal.Smtp.Diagnostics;

namespace SmtpPortal.Smtp;

/// <summary>Turns whatever MailKit or the network threw into a category and one plain sentence.</summary>
public static class SmtpFailureExplainer
{
    public static SendOutcome Explain(
        Exception error, SmtpConnection connection, TlsObservation tls, StopReason stop, TimeSpan deadline,
        SmtpStage? failedAt = null, string? lastServerLine = null)
    {
        if (stop == StopReason.Cancelled)
            return SendOutcome.Failed(SmtpFailureCategory.Cancelled, "Cancelled: the test was stopped before it finished.");
        if (stop == StopReason.Deadline || error is TimeoutException)
            return ExplainDeadline(connection, deadline, failedAt);

        return error switch
        {
            SmtpCommandException command => ExplainReply(command, lastServerLine),
            AuthenticationException auth => ExplainLogin(auth, lastServerLine),
            ServiceNotAuthenticatedException => SendOutcome.Failed(SmtpFailureCategory.AuthenticationRequired,
                "The server requires a login before it accepts mail: enter the username and password.", 530, lastServerLine ?? error.Message),
            SslHandshakeException handshake => ExplainHandshake(handshake, connection, tls),
            NotSupportedException when error.Message.Contains("STARTTLS", StringComparison.OrdinalIgnoreCase) =>
                SendOutcome.Failed(SmtpFailureCategory.StartTlsNotOffered,
                    $"{connection.Host} does not offer STARTTLS, so the password was not sent. " +
                    "Choose SSL/TLS if this port expects it; SmtpPortal never falls back to plain text."),
            SocketException socket => ExplainSocket(socket, connection),
            SmtpProtocolException or IOException or ServiceNotConnectedException =>
                SendOutcome.Failed(SmtpFailureCategory.ConnectionLost,
                    $"{connection.Host} closed the connection unexpectedly. " +
                    "If this keeps happening, the port may expect a different security mode.", reply: error.Message),
            _ => SendOutcome.Failed(SmtpFailureCategory.Unknown, $"The test failed: {error.Message}"),
        };
    }

    private static SendOutcome ExplainDeadline(SmtpConnection connection, TimeSpan deadline, SmtpStage? failedAt) => failedAt switch
    {
        SmtpStage.Greeting => SendOutcome.Failed(SmtpFailureCategory.NoGreeting,
            $"{connection.Host}:{connection.Port} accepted the connection but sent no greeting within {deadline.TotalSeconds:0} seconds."),
        SmtpStage.Tls => SendOutcome.Failed(SmtpFailureCategory.Timeout,
            $"The TLS handshake with {connection.Host}:{connection.Port} did not finish within {deadline.TotalSeconds:0} seconds."),
        SmtpStage.Resolve or SmtpStage.Connect or null => SendOutcome.Failed(SmtpFailureCategory.Timeout,
            $"No answer from {connection.Host}:{connection.Port} within {deadline.TotalSeconds:0} seconds. " +
            "The hosting provider may block this outbound port (port 25 most often)."),
        _ => SendOutcome.Failed(SmtpFailureCategory.Timeout,
            $"{connection.Host} stopped answering during {failedAt} and the run hit its {deadline.TotalSeconds:0}-second deadline."),
    };

    /// <summary>MailKit reports every refused login the same way; the reply code tells a wrong
    /// password (534/535) from a server that cannot check it right now (454).</summary>
    private static SendOutcome ExplainLogin(AuthenticationException auth, string? lastServerLine)
    {
        var code = lastServerLine is { Length: >= 3 } line && int.TryParse(line.AsSpan(0, 3), out var parsed) ? parsed : 535;
        var reply = lastServerLine ?? auth.Message;
        return code is >= 400 and < 500
            ? SendOutcome.Failed(SmtpFailureCategory.Temporary,
                "The server could not check the login right now (temporary failure): try again in a few minutes.", code, reply)
            : SendOutcome.Failed(SmtpFailureCategory.AuthenticationFailed,
                "The server rejected the username or password. Check the secret this provider expects (see its notes).", code, reply);
    }

    private static SendOutcome ExplainReply(SmtpCommandException command, string? lastServerLine)
    {
        var code = (int)command.StatusCode;
        // The transcript's copy is decoded (GBK from QQ/163); MailKit's message may be mojibake.
        var reply = lastServerLine is not null && lastServerLine.StartsWith(code.ToString(), StringComparison.Ordinal)
            ? lastServerLine
            : $"{code} {command.Message}";
        return code switch
        {
            530 => SendOutcome.Failed(SmtpFailureCategory.AuthenticationRequired,
                "The server requires a login before it accepts mail: enter the username and password.", code, reply),
            534 or 535 => SendOutcome.Failed(SmtpFailureCategory.AuthenticationFailed,
                "The server rejected the username or password.", code, reply),
            421 or 450 or 451 or 452 or 454 => SendOutcome.Failed(SmtpFailureCategory.Temporary,
                "The server is temporarily unable to take the message: wait a few minutes and try again.", code, reply),
            _ when command.ErrorCode == SmtpErrorCode.SenderNotAccepted => SendOutcome.Failed(SmtpFailureCategory.SenderRejected,
                "The server refused the From address: most providers only send From the account's own (or a verified) address.", code, reply),
            _ when command.ErrorCode == SmtpErrorCode.RecipientNotAccepted => SendOutcome.Failed(SmtpFailureCategory.RecipientRejected,
                "The server refused the recipient address: check it for typos.", code, reply),
            _ => SendOutcome.Failed(SmtpFailureCategory.MessageRejected,
                $"The server refused the message (reply {code}); its own words are below.", code, reply),
        };
    }

    private static SendOutcome ExplainHandshake(SslHandshakeException handshake, SmtpConnection connection, TlsObservation tls)
    {
        if (tls.Revocation == RevocationStatus.Revoked)
            return SendOutcome.Failed(SmtpFailureCategory.Certificate,
                $"The server's certificate was revoked by its issuer; nothing was sent. {tls.Describe()}", reply: tls.Certificate?.Subject);
        if (tls.Certificate is not null && tls.Errors != SslPolicyErrors.None)
        {
            var problem = tls.Errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch)
                ? $"it was issued for another name than {connection.Host}"
                : "it is self-signed, expired or issued by an unknown authority";
            return SendOutcome.Failed(SmtpFailureCategory.Certificate,
                $"The server's certificate is not trusted: {problem}. SHA-256 fingerprint: {tls.CertificateSha256}.",
                reply: tls.Certificate.Subject);
        }
        var expected = connection.Security == SecurityMode.SslOnConnect ? "STARTTLS (or no TLS)" : "SSL/TLS from the first byte";
        return SendOutcome.Failed(SmtpFailureCategory.TlsMismatch,
            $"The TLS handshake failed: port {connection.Port} probably expects {expected}, not {connection.Security.Describe()}.",
            reply: handshake.InnerException?.Message ?? handshake.Message);
    }

    private static SendOutcome ExplainSocket(SocketException socket, SmtpConnection connection) => socket.SocketErrorCode switch
    {
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => SendOutcome.Failed(SmtpFailureCategory.Dns,
            $"The host name {connection.Host} could not be found. Check it for typos."),
        SocketError.ConnectionRefused => SendOutcome.Failed(SmtpFailureCategory.ConnectionRefused,
            $"{connection.Host} refused the connection on port {connection.Port}: nothing listens there. Check the port."),
        SocketError.TimedOut => SendOutcome.Failed(SmtpFailureCategory.Timeout,
            $"No answer from {connection.Host}:{connection.Port}. The hosting provider may block this outbound port."),
        SocketError.NetworkUnreachable or SocketError.HostUnreachable => SendOutcome.Failed(SmtpFailureCategory.NetworkUnreachable,
            $"This server has no route to {connection.Host}. Check its network connection."),
        SocketError.ConnectionReset or SocketError.ConnectionAborted => SendOutcome.Failed(SmtpFailureCategory.ConnectionLost,
            $"{connection.Host} dropped the connection."),
        _ => SendOutcome.Failed(SmtpFailureCategory.Unknown, $"Network error: {socket.Message}"),
    };
}
