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
    private static readonly Microsoft.Extensions.Localization.IStringLocalizer L =
        Localization.StaticLocalizer.For(typeof(SmtpFailureExplainer));

    public static SendOutcome Explain(
        Exception error, SmtpConnection connection, TlsObservation tls, StopReason stop, TimeSpan deadline,
        SmtpStage? failedAt = null, string? lastServerLine = null)
    {
        if (stop == StopReason.Cancelled)
            return SendOutcome.Failed(SmtpFailureCategory.Cancelled, L["Cancelled"]);
        if (stop == StopReason.Deadline || error is TimeoutException)
            return ExplainDeadline(connection, deadline, failedAt);

        return error switch
        {
            SmtpCommandException command => ExplainReply(command, lastServerLine),
            AuthenticationException auth => ExplainLogin(auth, lastServerLine),
            ServiceNotAuthenticatedException => SendOutcome.Failed(SmtpFailureCategory.AuthenticationRequired,
                L["LoginRequired"], 530, lastServerLine ?? error.Message),
            SslHandshakeException handshake => ExplainHandshake(handshake, connection, tls),
            NotSupportedException when error.Message.Contains("STARTTLS", StringComparison.OrdinalIgnoreCase) =>
                SendOutcome.Failed(SmtpFailureCategory.StartTlsNotOffered,
                    L["StartTlsNotOffered", connection.Host]),
            SocketException socket => ExplainSocket(socket, connection),
            SmtpProtocolException or IOException or ServiceNotConnectedException =>
                SendOutcome.Failed(SmtpFailureCategory.ConnectionLost,
                    L["ConnectionClosed", connection.Host], reply: error.Message),
            _ => SendOutcome.Failed(SmtpFailureCategory.Unknown, L["TestFailed", error.Message]),
        };
    }

    private static SendOutcome ExplainDeadline(SmtpConnection connection, TimeSpan deadline, SmtpStage? failedAt) => failedAt switch
    {
        SmtpStage.Greeting => SendOutcome.Failed(SmtpFailureCategory.NoGreeting,
            L["NoGreeting", connection.Host, connection.Port, Seconds(deadline)]),
        SmtpStage.Tls => SendOutcome.Failed(SmtpFailureCategory.Timeout,
            L["TlsTimeout", connection.Host, connection.Port, Seconds(deadline)]),
        SmtpStage.Resolve or SmtpStage.Connect or null => SendOutcome.Failed(SmtpFailureCategory.Timeout,
            L["NoAnswerWithin", connection.Host, connection.Port, Seconds(deadline)]),
        _ => SendOutcome.Failed(SmtpFailureCategory.Timeout,
            L["StoppedAnswering", connection.Host, StageReport.TitleOf(failedAt.Value), Seconds(deadline)]),
    };

    private static string Seconds(TimeSpan deadline) => deadline.TotalSeconds.ToString("0");

    /// <summary>MailKit reports every refused login the same way; the reply code tells a wrong
    /// password (534/535) from a server that cannot check it right now (454).</summary>
    private static SendOutcome ExplainLogin(AuthenticationException auth, string? lastServerLine)
    {
        var code = lastServerLine is { Length: >= 3 } line && int.TryParse(line.AsSpan(0, 3), out var parsed) ? parsed : 535;
        var reply = lastServerLine ?? auth.Message;
        return code is >= 400 and < 500
            ? SendOutcome.Failed(SmtpFailureCategory.Temporary,
                L["LoginTemporary"], code, reply)
            : SendOutcome.Failed(SmtpFailureCategory.AuthenticationFailed,
                L["LoginRejectedSeeNotes"], code, reply);
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
                L["LoginRequired"], code, reply),
            534 or 535 => SendOutcome.Failed(SmtpFailureCategory.AuthenticationFailed,
                L["LoginRejected"], code, reply),
            421 or 450 or 451 or 452 or 454 => SendOutcome.Failed(SmtpFailureCategory.Temporary,
                L["Temporary"], code, reply),
            _ when command.ErrorCode == SmtpErrorCode.SenderNotAccepted => SendOutcome.Failed(SmtpFailureCategory.SenderRejected,
                L["SenderRejected"], code, reply),
            _ when command.ErrorCode == SmtpErrorCode.RecipientNotAccepted => SendOutcome.Failed(SmtpFailureCategory.RecipientRejected,
                L["RecipientRejected"], code, reply),
            _ => SendOutcome.Failed(SmtpFailureCategory.MessageRejected,
                L["MessageRejected", code], code, reply),
        };
    }

    private static SendOutcome ExplainHandshake(SslHandshakeException handshake, SmtpConnection connection, TlsObservation tls)
    {
        if (tls.Revocation == RevocationStatus.Revoked)
            return SendOutcome.Failed(SmtpFailureCategory.Certificate,
                L["CertificateRevoked", tls.Describe()], reply: tls.Certificate?.Subject) with { CertificateRevoked = true };
        if (tls.Certificate is not null && tls.Errors != SslPolicyErrors.None)
        {
            var problem = tls.Errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch)
                ? L["NameMismatch", connection.Host]
                : L["UntrustedIssuer"];
            return SendOutcome.Failed(SmtpFailureCategory.Certificate,
                L["CertificateUntrusted", problem, tls.CertificateSha256!],
                reply: tls.Certificate.Subject);
        }
        var expected = connection.Security == SecurityMode.SslOnConnect ? L["ExpectsStartTls"] : L["ExpectsImplicitTls"];
        return SendOutcome.Failed(SmtpFailureCategory.TlsMismatch,
            L["TlsMismatch", connection.Port, expected, connection.Security.DescribeForUi()],
            reply: handshake.InnerException?.Message ?? handshake.Message);
    }

    private static SendOutcome ExplainSocket(SocketException socket, SmtpConnection connection) => socket.SocketErrorCode switch
    {
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => SendOutcome.Failed(SmtpFailureCategory.Dns,
            L["HostNotFound", connection.Host]),
        SocketError.ConnectionRefused => SendOutcome.Failed(SmtpFailureCategory.ConnectionRefused,
            L["Refused", connection.Host, connection.Port]),
        SocketError.TimedOut => SendOutcome.Failed(SmtpFailureCategory.Timeout,
            L["NoAnswer", connection.Host, connection.Port]),
        SocketError.NetworkUnreachable or SocketError.HostUnreachable => SendOutcome.Failed(SmtpFailureCategory.NetworkUnreachable,
            L["NoRoute", connection.Host]),
        SocketError.ConnectionReset or SocketError.ConnectionAborted => SendOutcome.Failed(SmtpFailureCategory.ConnectionLost,
            L["Dropped", connection.Host]),
        _ => SendOutcome.Failed(SmtpFailureCategory.Unknown, L["NetworkError", socket.Message]),
    };
}
