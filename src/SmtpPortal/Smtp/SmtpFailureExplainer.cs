using System.Net.Security;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using SmtpPortal.Providers;
using SmtpPortal.Smtp.Diagnostics;

namespace SmtpPortal.Smtp;

/// <summary>Turns whatever MailKit or the network threw into a category and one plain sentence.</summary>
public static class SmtpFailureExplainer
{
    /// <summary>The sentence in the current UI language: the admin's on the page, English for the
    /// API and the command line, which set it so.</summary>
    private static History.AuditText Say(string key, params object[] args) =>
        OutcomeText.Of(typeof(SmtpFailureExplainer), key, args);

    public static SendOutcome Explain(
        Exception error, SmtpConnection connection, TlsObservation tls, StopReason stop, TimeSpan deadline,
        SmtpStage? failedAt = null, string? lastServerLine = null)
    {
        if (stop == StopReason.Cancelled)
            return OutcomeText.Failed(SmtpFailureCategory.Cancelled, Say("Cancelled"));
        if (stop == StopReason.Deadline || error is TimeoutException)
            return ExplainDeadline(connection, deadline, failedAt);

        return error switch
        {
            SmtpCommandException command => ExplainReply(command, lastServerLine),
            AuthenticationException auth => ExplainLogin(auth, lastServerLine),
            ServiceNotAuthenticatedException => OutcomeText.Failed(SmtpFailureCategory.AuthenticationRequired,
                Say("LoginRequired"), 530, lastServerLine ?? error.Message),
            SslHandshakeException handshake => ExplainHandshake(handshake, connection, tls),
            NotSupportedException when error.Message.Contains("STARTTLS", StringComparison.OrdinalIgnoreCase) =>
                OutcomeText.Failed(SmtpFailureCategory.StartTlsNotOffered,
                    Say("StartTlsNotOffered", connection.Host)),
            SocketException socket => ExplainSocket(socket, connection),
            SmtpProtocolException or IOException or ServiceNotConnectedException =>
                OutcomeText.Failed(SmtpFailureCategory.ConnectionLost,
                    Say("ConnectionClosed", connection.Host), reply: error.Message),
            _ => OutcomeText.Failed(SmtpFailureCategory.Unknown, Say("TestFailed", error.Message)),
        };
    }

    private static SendOutcome ExplainDeadline(SmtpConnection connection, TimeSpan deadline, SmtpStage? failedAt) => failedAt switch
    {
        SmtpStage.Greeting => OutcomeText.Failed(SmtpFailureCategory.NoGreeting,
            Say("NoGreeting", connection.Host, connection.Port, Seconds(deadline))),
        SmtpStage.Tls => OutcomeText.Failed(SmtpFailureCategory.Timeout,
            Say("TlsTimeout", connection.Host, connection.Port, Seconds(deadline))),
        SmtpStage.Resolve or SmtpStage.Connect or null => OutcomeText.Failed(SmtpFailureCategory.Timeout,
            Say("NoAnswerWithin", connection.Host, connection.Port, Seconds(deadline))),
        _ => OutcomeText.Failed(SmtpFailureCategory.Timeout,
            Say("StoppedAnswering", connection.Host, failedAt.Value, Seconds(deadline))),
    };

    private static string Seconds(TimeSpan deadline) => deadline.TotalSeconds.ToString("0");

    /// <summary>MailKit reports every refused login the same way; the reply code tells a wrong
    /// password (534/535) from a server that cannot check it right now (454).</summary>
    private static SendOutcome ExplainLogin(AuthenticationException auth, string? lastServerLine)
    {
        var code = lastServerLine is { Length: >= 3 } line && int.TryParse(line.AsSpan(0, 3), out var parsed) ? parsed : 535;
        var reply = lastServerLine ?? auth.Message;
        return code is >= 400 and < 500
            ? OutcomeText.Failed(SmtpFailureCategory.Temporary,
                Say("LoginTemporary"), code, reply)
            : OutcomeText.Failed(SmtpFailureCategory.AuthenticationFailed,
                Say("LoginRejectedSeeNotes"), code, reply);
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
            530 => OutcomeText.Failed(SmtpFailureCategory.AuthenticationRequired,
                Say("LoginRequired"), code, reply),
            534 or 535 => OutcomeText.Failed(SmtpFailureCategory.AuthenticationFailed,
                Say("LoginRejected"), code, reply),
            421 or 450 or 451 or 452 or 454 => OutcomeText.Failed(SmtpFailureCategory.Temporary,
                Say("Temporary"), code, reply),
            _ when command.ErrorCode == SmtpErrorCode.SenderNotAccepted => OutcomeText.Failed(SmtpFailureCategory.SenderRejected,
                Say("SenderRejected"), code, reply),
            _ when command.ErrorCode == SmtpErrorCode.RecipientNotAccepted => OutcomeText.Failed(SmtpFailureCategory.RecipientRejected,
                Say("RecipientRejected"), code, reply),
            _ => OutcomeText.Failed(SmtpFailureCategory.MessageRejected,
                Say("MessageRejected", code), code, reply),
        };
    }

    private static SendOutcome ExplainHandshake(SslHandshakeException handshake, SmtpConnection connection, TlsObservation tls)
    {
        if (tls.Revocation == RevocationStatus.Revoked)
            return OutcomeText.Failed(SmtpFailureCategory.Certificate,
                Say("CertificateRevoked", tls.Describe()), reply: tls.Certificate?.Subject) with { CertificateRevoked = true };
        if (tls.Certificate is not null && tls.Errors != SslPolicyErrors.None)
        {
            var problem = tls.Errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch)
                ? Say("NameMismatch", connection.Host)
                : Say("UntrustedIssuer");
            return OutcomeText.Failed(SmtpFailureCategory.Certificate,
                Say("CertificateUntrusted", problem, tls.CertificateSha256 ?? ""),
                reply: tls.Certificate.Subject);
        }
        var expected = connection.Security == SecurityMode.SslOnConnect ? Say("ExpectsStartTls") : Say("ExpectsImplicitTls");
        return OutcomeText.Failed(SmtpFailureCategory.TlsMismatch,
            Say("TlsMismatch", connection.Port, expected, connection.Security),
            reply: handshake.InnerException?.Message ?? handshake.Message);
    }

    private static SendOutcome ExplainSocket(SocketException socket, SmtpConnection connection) => socket.SocketErrorCode switch
    {
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => OutcomeText.Failed(SmtpFailureCategory.Dns,
            Say("HostNotFound", connection.Host)),
        SocketError.ConnectionRefused => OutcomeText.Failed(SmtpFailureCategory.ConnectionRefused,
            Say("Refused", connection.Host, connection.Port)),
        SocketError.TimedOut => OutcomeText.Failed(SmtpFailureCategory.Timeout,
            Say("NoAnswer", connection.Host, connection.Port)),
        SocketError.NetworkUnreachable or SocketError.HostUnreachable => OutcomeText.Failed(SmtpFailureCategory.NetworkUnreachable,
            Say("NoRoute", connection.Host)),
        SocketError.ConnectionReset or SocketError.ConnectionAborted => OutcomeText.Failed(SmtpFailureCategory.ConnectionLost,
            Say("Dropped", connection.Host)),
        _ => OutcomeText.Failed(SmtpFailureCategory.Unknown, Say("NetworkError", socket.Message)),
    };
}
