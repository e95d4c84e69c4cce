using MailKit.Net.Smtp;
using MimeKit;
using SmtpPortal.Smtp.Diagnostics;

namespace SmtpPortal.Smtp;

/// <summary>A connection that logged in and stays open for one message after another (the
/// relay): each message is a transaction of its own, diagnosed like a test email's, within the
/// send timeout. Made only by <see cref="SmtpSender.OpenAsync"/>.</summary>
public sealed class SmtpSession : IDisposable
{
    private readonly SmtpClient _client;
    private readonly SmtpConnection _connection;
    private readonly SmtpTranscript _transcript;
    private readonly TlsObservation _tls;
    private readonly TimeSpan _deadline;
    private readonly TimeProvider _time;
    private bool _broken;

    internal SmtpSession(SmtpClient client, SmtpConnection connection, SmtpTranscript transcript, TlsObservation tls,
        TimeSpan deadline, TimeProvider time) =>
        (_client, _connection, _transcript, _tls, _deadline, _time) = (client, connection, transcript, tls, deadline, time);

    /// <summary>False once a send failed in a way that may have left the connection mid-reply.</summary>
    public bool IsUsable => !_broken && _client.IsConnected;

    /// <summary>Sends one message. Not cancelled midway (a message cut off after the provider took
    /// it would go out twice); the send timeout bounds it.</summary>
    public async Task<SendOutcome> SendAsync(OutgoingMessage message)
    {
        var started = _time.GetTimestamp();
        using var deadlineSource = new CancellationTokenSource(_deadline, _time);
        var stages = new StageTracker([SmtpStage.Message], _time, null);
        // Follows this transaction only: what an earlier message's DATA did says nothing about this one.
        var conversation = new ConversationObserver(_transcript, stages);
        var evidence = SmtpSender.Evidence(_connection) with
        {
            LoggedIn = _connection.Username is not null, Recipient = string.Join(", ", message.Recipients),
        };
        SmtpDiagnosis diagnosis;
        try
        {
            stages.Begin(SmtpStage.Message);
            if (SmtpSender.InternationalAddressRefused(_client, message) is { } international)
                throw new InternationalAddressException(international);
            await _client.SendAsync(message.Content, MailboxAddress.Parse(message.EnvelopeFrom),
                message.Recipients.Select(MailboxAddress.Parse), deadlineSource.Token);
            var reply = conversation.LastReply;
            stages.Complete(new StageFacts { ServerSaid = reply });
            diagnosis = SmtpDiagnosis.Of(SmtpFailureCategory.None, evidence with
            {
                ServerReply = reply, ReplyCode = reply is null ? null : SmtpReply.CodeOf(reply),
            });
        }
        catch (Exception ex)
        {
            // A refused command leaves MailKit's connection usable (it resets the transaction);
            // anything else may have left it in the middle of a reply.
            _broken = ex is not (SmtpCommandException or InternationalAddressException) || !_client.IsConnected;
            var stop = deadlineSource.IsCancellationRequested ? StopReason.Deadline : StopReason.None;
            diagnosis = SmtpFailureClassifier.Classify(ex,
                new RunFacts(evidence with { Deadline = _deadline }, stages.Running, stop, _tls, conversation, _transcript, null));
            stages.Fail();
        }
        return new SendOutcome(diagnosis) { Elapsed = _time.GetElapsedTime(started), Stages = stages.Snapshot() };
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
        catch (Exception ex) when (ex is IOException or SmtpCommandException or SmtpProtocolException
            or OperationCanceledException or System.Net.Sockets.SocketException)
        {
            // Going away anyway.
        }
        _client.Dispose();
        _transcript.Dispose();
    }
}
