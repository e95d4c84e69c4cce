using MailKit;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;
using SmtpPortal.Hosting;
using SmtpPortal.OAuth;
using SmtpPortal.Smtp.Diagnostics;

namespace SmtpPortal.Smtp;

/// <summary>
/// The relay's one way to the configured provider: the connection comes from the same place as
/// the test email's (<see cref="OAuthSmtpConnections"/>: XOAUTH2 or the stored password), and a
/// failure is classified by the same explainer. A session keeps its connection open for the next
/// message. Everything the relay does with the provider goes through this class, so that it can
/// follow the portal's sending code wherever that goes.
/// </summary>
public sealed class ProviderDelivery(
    OAuthSmtpConnections connections, ISmtpClientFactory clients, IOptions<SmtpPortalOptions> options, TimeProvider time)
{
    /// <summary>Connects and logs in, within the send timeout; or says why not.</summary>
    public async Task<(ProviderSession? Session, SendOutcome? Problem)> OpenAsync(CancellationToken cancel)
    {
        var (_, connection, problem) = await connections.GetConnectionAsync(cancel);
        if (problem is not null)
            return (null, problem);
        var deadline = options.Value.SendTimeout;
        var replies = new LastReply();
        var tls = new TlsObservation();
        var client = clients.Create(connection!, tls, replies);
        client.Timeout = (int)Math.Min(int.MaxValue, deadline.TotalMilliseconds);
        using var deadlineSource = new CancellationTokenSource(deadline, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancel, deadlineSource.Token);
        var stage = SmtpStage.Connect;
        try
        {
            await client.ConnectAsync(connection!.Host, connection.Port, TestEmailSender.ToMailKit(connection.Security), linked.Token);
            if (connection.Username is not null)
            {
                stage = SmtpStage.Auth;
                await SmtpLogin.AuthenticateAsync(client, connection, linked.Token);
            }
            return (new ProviderSession(client, connection, tls, replies, deadline, time), null);
        }
        catch (Exception ex)
        {
            client.Dispose();
            var why = cancel.IsCancellationRequested ? StopReason.Cancelled
                : deadlineSource.IsCancellationRequested ? StopReason.Deadline : StopReason.None;
            var outcome = SmtpFailureExplainer.Explain(ex, connection!, tls, why, deadline, stage, replies.Line) with { FailedStage = stage };
            return (null, OAuthSmtpConnections.Explain(outcome, connection));
        }
    }

    /// <summary>Whether a failure is final for the message: the provider refused it (5xx) at MAIL,
    /// RCPT or after DATA. Everything else — a 4xx, a network fault, a timeout, a refused login, a
    /// missing sign-in — may pass and is retried (a wrong password is fixed by the admin, and the
    /// message goes out at the next attempt).</summary>
    public static bool IsPermanent(SendOutcome outcome) =>
        outcome.Category is SmtpFailureCategory.SenderRejected or SmtpFailureCategory.RecipientRejected or SmtpFailureCategory.MessageRejected
        && outcome.ReplyCode is >= 500 and < 600;
}

/// <summary>An open, logged-in connection to the provider.</summary>
public sealed class ProviderSession : IDisposable
{
    private readonly ISmtpClient _client;
    private readonly SmtpConnection _connection;
    private readonly TlsObservation _tls;
    private readonly LastReply _replies;
    private readonly TimeSpan _deadline;
    private readonly TimeProvider _time;
    private bool _broken;

    internal ProviderSession(ISmtpClient client, SmtpConnection connection, TlsObservation tls, LastReply replies, TimeSpan deadline, TimeProvider time)
    {
        (_client, _connection, _tls, _replies, _deadline, _time) = (client, connection, tls, replies, deadline, time);
    }

    /// <summary>False once the connection failed: open a new session for the next message.</summary>
    public bool IsUsable => !_broken && _client.IsConnected;

    /// <summary>Sends one message as it is stored, with the envelope the app gave. Not meant to be
    /// cancelled midway (a message cut off after the provider took it would go out twice); the
    /// send timeout bounds it.</summary>
    public async Task<SendOutcome> SendAsync(Stream body, string from, IReadOnlyList<string> recipients)
    {
        var started = _time.GetTimestamp();
        using var deadlineSource = new CancellationTokenSource(_deadline, _time);
        try
        {
            var message = await MimeMessage.LoadAsync(body, deadlineSource.Token);
            var reply = await _client.SendAsync(message, MailboxAddress.Parse(from), recipients.Select(MailboxAddress.Parse), deadlineSource.Token);
            return new SendOutcome(true, SmtpFailureCategory.None, $"Delivered to {_connection.Host}.", 250, "250 " + reply, _time.GetElapsedTime(started));
        }
        catch (Exception ex)
        {
            // A refused command leaves MailKit's connection usable (it resets the transaction);
            // anything else may have left it in the middle of a reply.
            _broken = ex is not SmtpCommandException || !_client.IsConnected;
            var why = deadlineSource.IsCancellationRequested ? StopReason.Deadline : StopReason.None;
            var outcome = SmtpFailureExplainer.Explain(ex, _connection, _tls, why, _deadline, SmtpStage.Message, _replies.Line)
                with { FailedStage = SmtpStage.Message, Elapsed = _time.GetElapsedTime(started) };
            return OAuthSmtpConnections.Explain(outcome, _connection);
        }
    }

    public void Dispose()
    {
        try
        {
            if (_client.IsConnected && !_broken)
            {
                using var brief = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                _client.Disconnect(quit: true, brief.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or MailKit.Net.Smtp.SmtpCommandException or MailKit.Net.Smtp.SmtpProtocolException
            or OperationCanceledException or System.Net.Sockets.SocketException)
        {
            // Going away anyway.
        }
        _client.Dispose();
    }
}

/// <summary>Keeps only the server's last reply line (decoded as the transcript does, GBK
/// included): the relay needs the provider's words, not a transcript of every message it sends.
/// Client lines, the only ones that carry secrets, are not looked at.</summary>
internal sealed class LastReply : IProtocolLogger
{
    private readonly List<byte> _line = [];

    public string? Line { get; private set; }

    public IAuthenticationSecretDetector? AuthenticationSecretDetector { get; set; }

    public void LogConnect(Uri uri)
    {
    }

    public void LogClient(byte[] buffer, int offset, int count)
    {
    }

    public void LogServer(byte[] buffer, int offset, int count)
    {
        for (var i = offset; i < offset + count; i++)
        {
            if (buffer[i] == (byte)'\n')
            {
                Line = SmtpTranscript.Decode([.. _line]).TrimEnd('\r');
                _line.Clear();
            }
            else if (_line.Count < 2048)
                _line.Add(buffer[i]);
        }
    }

    public void Dispose()
    {
    }
}
