using System.Net;
using System.Net.Sockets;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using SmtpPortal.Smtp.Diagnostics;

namespace SmtpPortal.Smtp;

/// <summary>Talks to one SMTP server with exactly the given connection, within an overall
/// deadline, reporting each stage as it happens: sends a message, or only checks the connection.
/// The only place MailKit's client is made (certificate rules: docs/decisions/0003-mailkit-options.md).</summary>
public sealed class SmtpSender(TimeProvider time)
{
    public Task<SendOutcome> SendAsync(
        SmtpConnection connection, OutgoingMessage message, TimeSpan deadline, IProgress<StageReport>? progress,
        CancellationToken cancel) =>
        Outcome(RunAsync(connection, message, deadline, progress, keepOpen: false, cancel));

    /// <summary>Connect, TLS, EHLO, AUTH and QUIT: everything but the message.</summary>
    public Task<SendOutcome> CheckAsync(
        SmtpConnection connection, TimeSpan deadline, IProgress<StageReport>? progress, CancellationToken cancel) =>
        Outcome(RunAsync(connection, null, deadline, progress, keepOpen: false, cancel));

    /// <summary>Connect, TLS, EHLO and AUTH, then keep the connection open for messages to come
    /// (the relay): a session, or the diagnosis of why there is none.</summary>
    public async Task<(SmtpSession? Session, SendOutcome Outcome)> OpenAsync(
        SmtpConnection connection, TimeSpan deadline, CancellationToken cancel)
    {
        var (outcome, session) = await RunAsync(connection, null, deadline, null, keepOpen: true, cancel);
        return (session, outcome);
    }

    private static async Task<SendOutcome> Outcome(Task<(SendOutcome Outcome, SmtpSession? Session)> run) => (await run).Outcome;

    private async Task<(SendOutcome Outcome, SmtpSession? Session)> RunAsync(SmtpConnection connection, OutgoingMessage? message,
        TimeSpan deadline, IProgress<StageReport>? progress, bool keepOpen, CancellationToken cancel)
    {
        var started = time.GetTimestamp();
        using var deadlineSource = new CancellationTokenSource(deadline, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancel, deadlineSource.Token);
        var token = linked.Token;
        var stages = new StageTracker(
            StagePlan.For(connection.Security, connection.Username is not null, message is not null), time, progress);
        var transcript = new SmtpTranscript(new SecretRedactor(connection.Username, connection.Password ?? connection.AccessToken));
        var conversation = new ConversationObserver(transcript, stages);
        var tls = new TlsObservation(time.GetUtcNow());
        var client = new SmtpClient(transcript)
        {
            // Revocation is checked in TlsObservation.Judge with a bounded timeout instead: inside
            // the TLS handshake it could stall for minutes on a server without internet access.
            CheckCertificateRevocation = false,
            ServerCertificateValidationCallback = (_, certificate, chain, errors) =>
                tls.Judge(certificate, chain, errors, connection.TrustedCertificateSha256),
            // MailKit's own timeout applies to each read or write; the deadline above bounds the whole.
            Timeout = (int)Math.Min(int.MaxValue, deadline.TotalMilliseconds),
        };
        long? connectedAt = null;
        SmtpSession? session = null;

        SmtpDiagnosis diagnosis;
        try
        {
            stages.Begin(SmtpStage.Resolve);
            var addresses = await ResolveAsync(connection.Host, token);
            stages.Complete(new StageFacts { Addresses = [.. addresses.Select(a => a.ToString())] });

            stages.Begin(SmtpStage.Connect);
            var socket = await ConnectAsync(addresses, connection.Port, token);
            connectedAt = time.GetTimestamp();
            stages.Complete(new StageFacts { Endpoint = socket.RemoteEndPoint?.ToString() });

            if (connection.Security == SecurityMode.SslOnConnect)
                stages.Begin(SmtpStage.Tls);
            else
            {
                stages.Begin(SmtpStage.Greeting);
                conversation.GreetingBegins();
            }
            await client.ConnectAsync(socket, connection.Host, connection.Port, ToMailKit(connection.Security), token);
            stages.Complete();
            DescribeSession(client, tls, stages, conversation, connection.Security);

            // Refused before anything is sent: a server without SMTPUTF8 would get the raw bytes.
            if (message is not null && InternationalAddressRefused(client, message) is { } international)
            {
                stages.Begin(SmtpStage.Message);
                throw new InternationalAddressException(international);
            }

            if (connection.Username is not null)
            {
                stages.Begin(SmtpStage.Auth);
                if (client.AuthenticationMechanisms.Count == 0)
                    throw new AuthenticationNotOfferedException();
                await SmtpLogin.AuthenticateAsync(client, connection, token);
                stages.Complete(new StageFacts
                {
                    AuthMechanisms = [.. client.AuthenticationMechanisms], UsedMechanism = UsedMechanism(transcript),
                });
            }

            string? finalReply = null;
            if (message is not null)
            {
                stages.Begin(SmtpStage.Message);
                await client.SendAsync(message.Content, MailboxAddress.Parse(message.EnvelopeFrom),
                    message.Recipients.Select(MailboxAddress.Parse), token);
                finalReply = conversation.LastReply;
                stages.Complete(new StageFacts { ServerSaid = finalReply });
            }
            if (keepOpen)
                session = new SmtpSession(client, connection, transcript, tls, deadline, time);
            else
            {
                stages.Begin(SmtpStage.Quit);
                await client.DisconnectAsync(quit: true, token);
                stages.Complete();
            }
            diagnosis = SmtpDiagnosis.Of(SmtpFailureCategory.None, Evidence(connection) with
            {
                LoggedIn = connection.Username is not null,
                OffersStartTls = conversation.OffersStartTls,
                Recipient = message is null ? null : string.Join(", ", message.Recipients),
                ServerReply = finalReply,
                ReplyCode = finalReply is null ? null : SmtpReply.CodeOf(finalReply),
            });
        }
        catch (Exception ex)
        {
            var stop = cancel.IsCancellationRequested ? StopReason.Cancelled
                : deadlineSource.IsCancellationRequested ? StopReason.Deadline
                : StopReason.None;
            var facts = new RunFacts(Evidence(connection) with
                {
                    Deadline = deadline, Recipient = message is null ? null : string.Join(", ", message.Recipients),
                }, stages.Running, stop, tls, conversation,
                transcript, connectedAt is { } at ? time.GetElapsedTime(at) : null);
            diagnosis = SmtpFailureClassifier.Classify(ex, facts);
            stages.Fail();
            transcript.Note($"stopped: {diagnosis.Category}");
        }
        if (session is null)
        {
            transcript.Dispose();
            client.Dispose();
        }
        return (new SendOutcome(diagnosis)
        {
            Elapsed = time.GetElapsedTime(started),
            Stages = stages.Snapshot(),
            Transcript = transcript.Text,
        }, session);
    }

    /// <summary>An address the server would get as raw bytes: refused before anything is sent
    /// when the server did not offer SMTPUTF8.</summary>
    internal static string? InternationalAddressRefused(SmtpClient client, OutgoingMessage message) =>
        client.Capabilities.HasFlag(SmtpCapabilities.UTF8) ? null : message.Addresses.FirstOrDefault(HasNonAsciiLocalPart);

    internal static SmtpEvidence Evidence(SmtpConnection connection) => new()
    {
        Host = connection.Host, Port = connection.Port, Security = connection.Security,
        UsesOAuth = connection.AccessToken is not null, Username = connection.Username,
    };

    private static void DescribeSession(
        SmtpClient client, TlsObservation tls, StageTracker stages, ConversationObserver conversation, SecurityMode mode)
    {
        if (mode != SecurityMode.None)
            stages.Describe(SmtpStage.Tls, new StageFacts
            {
                TlsProtocol = client.SslProtocol.ToString(), Cipher = client.SslCipherSuite?.ToString(), Certificate = tls.ToEvidence(),
            });
        // Servers often offer AUTH only after TLS: the final EHLO's mechanisms are what count.
        stages.Describe(SmtpStage.Ehlo, new StageFacts
        {
            ServerSaid = conversation.EhloServer, Extensions = conversation.EhloExtensions,
            AuthMechanisms = [.. client.AuthenticationMechanisms],
        });
    }

    private static bool HasNonAsciiLocalPart(string address)
    {
        var at = address.LastIndexOf('@');
        return !System.Text.Ascii.IsValid(at < 0 ? address : address[..at]);
    }

    private static string? UsedMechanism(SmtpTranscript transcript) =>
        transcript.Text.Split('\n').LastOrDefault(l => l.StartsWith("C: AUTH ", StringComparison.OrdinalIgnoreCase))
            ?.Split(' ').ElementAtOrDefault(2);

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken token)
    {
        var addresses = await Dns.GetHostAddressesAsync(host, token);
        return addresses.Length > 0 ? addresses : throw new SocketException((int)SocketError.HostNotFound);
    }

    /// <summary>Tries each address in turn, as MailKit would, so the stage can say which one answered.</summary>
    private static async Task<Socket> ConnectAsync(IPAddress[] addresses, int port, CancellationToken token)
    {
        SocketException? last = null;
        foreach (var address in addresses)
        {
            // No Nagle: MailKit writes the message's closing dot apart from its body, and Nagle would
            // hold that write until the server's delayed ACK, 40 ms on Linux, for every message.
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), token);
                return socket;
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw last!;
    }

    /// <summary>Exactly the mode chosen: never Auto or StartTlsWhenAvailable, which fall back to plain text.</summary>
    public static SecureSocketOptions ToMailKit(SecurityMode mode) => mode switch
    {
        SecurityMode.SslOnConnect => SecureSocketOptions.SslOnConnect,
        SecurityMode.StartTls => SecureSocketOptions.StartTls,
        SecurityMode.None => SecureSocketOptions.None,
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };
}

internal enum StopReason
{
    None,
    Cancelled,
    Deadline,
}

/// <summary>A login is configured, but the server's last EHLO offered no AUTH mechanism.</summary>
internal sealed class AuthenticationNotOfferedException() : Exception("The server offers no AUTH mechanism.");

/// <summary>An address whose local part is not ASCII, for a server that did not offer SMTPUTF8.</summary>
internal sealed class InternationalAddressException(string address)
    : Exception("The server did not offer SMTPUTF8 for an address with a non-ASCII local part.")
{
    public string Address { get; } = address;
}
