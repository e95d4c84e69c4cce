using System.Net.Security;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using SmtpPortal.Smtp.Diagnostics;

namespace SmtpPortal.Smtp;

/// <summary>What a run knew when it stopped: the basis of its diagnosis.</summary>
internal sealed record RunFacts(
    SmtpEvidence Evidence, SmtpStage? Stage, StopReason Stop, TlsObservation Tls, ConversationObserver Conversation,
    SmtpTranscript Transcript, TimeSpan? SinceConnect);

/// <summary>Turns whatever MailKit or the network threw into one category with its evidence:
/// the exception's type, the stage, the reply code and the conversation's facts decide, never
/// the wording of a message. Library text goes into <see cref="SmtpEvidence.Detail"/>.</summary>
internal static class SmtpFailureClassifier
{
    public static SmtpDiagnosis Classify(Exception error, RunFacts facts)
    {
        var evidence = facts.Evidence with
        {
            Stage = facts.Stage,
            ContentSent = facts.Conversation.EndOfDataSent,
            OffersStartTls = facts.Conversation.EhloServer is null ? null : facts.Conversation.OffersStartTls,
        };
        SmtpDiagnosis Is(SmtpFailureCategory category, SmtpEvidence? with = null) => SmtpDiagnosis.Of(category, with ?? evidence);

        if (facts.Stop == StopReason.Cancelled)
            return Is(SmtpFailureCategory.Cancelled);
        if (facts.Transcript.Overlong is { } overlong)
            return Is(SmtpFailureCategory.ReplyTooLong, evidence with { ReplyLines = overlong.Lines, ReplyBytes = overlong.Bytes });
        if (facts.Stop == StopReason.Deadline || error is TimeoutException)
            return Deadline(facts, evidence);

        return error switch
        {
            InternationalAddressException international =>
                Is(SmtpFailureCategory.Utf8AddressNotSupported, evidence with { Address = international.Address }),
            AuthenticationNotOfferedException =>
                Is(SmtpFailureCategory.AuthenticationNotOffered, evidence with { OffersStartTls = facts.Conversation.OffersStartTls }),
            SmtpCommandException command => Reply(command, facts, evidence),
            AuthenticationException => Login(facts, evidence),
            ServiceNotAuthenticatedException => Is(SmtpFailureCategory.AuthenticationRequired, WithReply(evidence, facts, 530)),
            SslHandshakeException handshake => Handshake(handshake, facts, evidence),
            NotSupportedException when evidence.Security == SecurityMode.StartTls && !facts.Conversation.OffersStartTls =>
                Is(SmtpFailureCategory.StartTlsNotOffered, evidence with { OffersStartTls = false }),
            SocketException socket => Socket(socket, facts, evidence),
            SmtpProtocolException or IOException or ServiceNotConnectedException => Lost(facts, evidence with { Detail = error.Message }),
            _ => Is(SmtpFailureCategory.Unknown, evidence with { Detail = error.Message }),
        };
    }

    private static SmtpDiagnosis Deadline(RunFacts facts, SmtpEvidence evidence)
    {
        if (facts.Stage == SmtpStage.Greeting)
            return facts.Transcript.ServerBytes > 0
                ? SmtpDiagnosis.Of(SmtpFailureCategory.GreetingIncomplete,
                    evidence with { GreetingBytes = (int)facts.Transcript.ServerBytes, Waited = facts.SinceConnect })
                : SmtpDiagnosis.Of(SmtpFailureCategory.NoGreeting, evidence with { Waited = facts.SinceConnect });
        if (facts.Stage == SmtpStage.Message && facts.Conversation is { EndOfDataSent: true, EndOfDataAnswered: false })
            return SmtpDiagnosis.Of(SmtpFailureCategory.DeliveryUnknown, evidence);
        return SmtpDiagnosis.Of(SmtpFailureCategory.Timeout, evidence);
    }

    private static SmtpDiagnosis Reply(SmtpCommandException command, RunFacts facts, SmtpEvidence evidence)
    {
        var code = (int)command.StatusCode;
        evidence = WithReply(evidence, facts, code, command.Message);
        var category = (facts.Stage, code) switch
        {
            (SmtpStage.StartTls, >= 400 and < 500) => SmtpFailureCategory.StartTlsRefused,
            (SmtpStage.StartTls, _) => SmtpFailureCategory.StartTlsNotOffered,
            (_, 530) => SmtpFailureCategory.AuthenticationRequired,
            (_, 534 or 535) => SmtpFailureCategory.AuthenticationFailed,
            (_, >= 400 and < 500) => SmtpFailureCategory.Temporary,
            _ => command.ErrorCode switch
            {
                SmtpErrorCode.SenderNotAccepted => SmtpFailureCategory.SenderRejected,
                SmtpErrorCode.RecipientNotAccepted => SmtpFailureCategory.RecipientRejected,
                SmtpErrorCode.MessageNotAccepted => SmtpFailureCategory.MessageRejected,
                _ => SmtpFailureCategory.Unknown,
            },
        };
        if (command.ErrorCode == SmtpErrorCode.RecipientNotAccepted && command.Mailbox is { } mailbox)
            evidence = evidence with { Recipient = mailbox.Address };
        return SmtpDiagnosis.Of(category, evidence);
    }

    /// <summary>MailKit reports every refused login the same way; the reply code tells a wrong
    /// password (534/535) from a server that cannot check it right now (454).</summary>
    private static SmtpDiagnosis Login(RunFacts facts, SmtpEvidence evidence)
    {
        var code = SmtpReply.CodeOf(facts.Conversation.LastReply) ?? 535;
        evidence = WithReply(evidence, facts, code);
        if (code is >= 400 and < 500)
            return SmtpDiagnosis.Of(SmtpFailureCategory.Temporary, evidence);
        return evidence.UsesOAuth
            ? SmtpDiagnosis.Of(SmtpFailureCategory.OAuthSignInRequired, evidence with { OAuthReason = OAuthReason.LoginRefused })
            : SmtpDiagnosis.Of(SmtpFailureCategory.AuthenticationFailed, evidence);
    }

    private static SmtpDiagnosis Handshake(SslHandshakeException handshake, RunFacts facts, SmtpEvidence evidence)
    {
        var detail = handshake.InnerException?.Message ?? handshake.Message;
        var tls = facts.Tls;
        if (tls.Certificate is not null && (tls.Errors != SslPolicyErrors.None || tls.Revocation == RevocationStatus.Revoked))
            return SmtpDiagnosis.Of(SmtpFailureCategory.Certificate, evidence with { Certificate = tls.ToEvidence(), Detail = detail });
        return SmtpDiagnosis.Of(SmtpFailureCategory.TlsMismatch, evidence with { Detail = detail });
    }

    private static SmtpDiagnosis Socket(SocketException socket, RunFacts facts, SmtpEvidence evidence)
    {
        evidence = evidence with { Detail = socket.Message };
        return socket.SocketErrorCode switch
        {
            SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => SmtpDiagnosis.Of(SmtpFailureCategory.Dns, evidence),
            SocketError.ConnectionRefused => SmtpDiagnosis.Of(SmtpFailureCategory.ConnectionRefused, evidence),
            SocketError.TimedOut => SmtpDiagnosis.Of(SmtpFailureCategory.Timeout, evidence),
            SocketError.NetworkUnreachable or SocketError.HostUnreachable => SmtpDiagnosis.Of(SmtpFailureCategory.NetworkUnreachable, evidence),
            SocketError.ConnectionReset or SocketError.ConnectionAborted => Lost(facts, evidence),
            _ => SmtpDiagnosis.Of(SmtpFailureCategory.Unknown, evidence),
        };
    }

    /// <summary>A connection that was cut: the server's own doing, so unlike silence after the
    /// final dot (<see cref="Deadline"/>), not a message the server may have taken.</summary>
    private static SmtpDiagnosis Lost(RunFacts facts, SmtpEvidence evidence) =>
        SmtpDiagnosis.Of(SmtpFailureCategory.ConnectionLost, evidence);

    /// <summary>The server's own reply, from the transcript (decoded, e.g. GBK from QQ); MailKit's
    /// copy only when the transcript has none.</summary>
    private static SmtpEvidence WithReply(SmtpEvidence evidence, RunFacts facts, int code, string? libraryText = null)
    {
        var reply = facts.Conversation.LastReply;
        if (reply is null || SmtpReply.CodeOf(reply) != code)
            reply = libraryText is null ? null : $"{code} {libraryText}";
        return evidence with { ReplyCode = code, ServerReply = reply, EnhancedStatus = SmtpReply.EnhancedStatusOf(reply) };
    }
}

/// <summary>Reads the parts of an SMTP reply that are data: its code and its RFC 3463 status.</summary>
public static partial class SmtpReply
{
    public static int? CodeOf(string? reply) =>
        reply is { Length: >= 3 } && int.TryParse(reply.AsSpan(0, 3), out var code) ? code : null;

    public static string? EnhancedStatusOf(string? reply) =>
        reply is null ? null : EnhancedStatus().Match(reply) is { Success: true } match ? match.Groups[1].Value : null;

    [GeneratedRegex(@"^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})\b")]
    private static partial Regex EnhancedStatus();
}
