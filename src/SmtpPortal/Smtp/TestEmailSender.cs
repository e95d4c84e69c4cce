using System.Net;
using System.Net.Sockets;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using SmtpPortal.Smtp.Diagnostics;

namespace SmtpPortal.Smtp;

/// <summary>Talks to one SMTP server with exactly the given settings, within an overall deadline,
/// reporting each stage as it happens. Sends a message, or only checks the connection.</summary>
public sealed class TestEmailSender(ISmtpClientFactory clients, TimeProvider time)
{
    /// <summary>Stage details and outcomes in the current UI language: the page's, or English for
    /// the API and the command line (docs/decisions/0022-localization.md).</summary>
    private static readonly Microsoft.Extensions.Localization.IStringLocalizer L =
        Localization.StaticLocalizer.For(typeof(TestEmailSender));

    public Task<SendOutcome> SendAsync(
        SmtpConnection connection, TestMessage message, TimeSpan deadline, CancellationToken cancel,
        IProgress<StageReport>? progress = null) =>
        RunAsync(connection, message, deadline, progress, cancel);

    /// <summary>Connect, TLS, EHLO, AUTH and QUIT: everything but the message.</summary>
    public Task<SendOutcome> CheckAsync(
        SmtpConnection connection, TimeSpan deadline, CancellationToken cancel, IProgress<StageReport>? progress = null) =>
        RunAsync(connection, null, deadline, progress, cancel);

    private async Task<SendOutcome> RunAsync(
        SmtpConnection connection, TestMessage? message, TimeSpan deadline, IProgress<StageReport>? progress, CancellationToken cancel)
    {
        var started = time.GetTimestamp();
        using var deadlineSource = new CancellationTokenSource(deadline, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancel, deadlineSource.Token);
        var token = linked.Token;
        var stages = new StageTracker(
            StagePlan.For(connection.Security, connection.Username is not null, message is not null), time, progress);
        var transcript = new SmtpTranscript(new SecretRedactor(connection.Username, connection.Password ?? connection.AccessToken));
        FollowConversation(transcript, stages);
        var tls = new TlsObservation();
        using var client = clients.Create(connection, tls, transcript);
        // MailKit's own timeout applies to each read or write; the deadline above bounds the whole.
        client.Timeout = (int)Math.Min(int.MaxValue, deadline.TotalMilliseconds);

        SendOutcome outcome;
        try
        {
            stages.Begin(SmtpStage.Resolve);
            var addresses = await ResolveAsync(connection.Host, token);
            stages.Complete(string.Join(", ", addresses.Select(a => a.ToString())));

            stages.Begin(SmtpStage.Connect);
            var socket = await ConnectAsync(addresses, connection.Port, token);
            stages.Complete(L["ConnectedTo", socket.RemoteEndPoint!]);

            stages.Begin(connection.Security == SecurityMode.SslOnConnect ? SmtpStage.Tls : SmtpStage.Greeting);
            await client.ConnectAsync(socket, connection.Host, connection.Port, ToMailKit(connection.Security), token);
            stages.Complete();
            DescribeSession(client, tls, stages, connection.Security);

            if (connection.Username is not null)
            {
                stages.Begin(SmtpStage.Auth);
                await SmtpLogin.AuthenticateAsync(client, connection, token);
                stages.Complete(L["AuthUsed", string.Join(" ", client.AuthenticationMechanisms), UsedMechanism(transcript)]);
            }

            string reply = "";
            if (message is not null)
            {
                stages.Begin(SmtpStage.Message);
                reply = await client.SendAsync(ToMime(message), token);
                stages.Complete(L["FinalReply", reply]);
            }
            stages.Begin(SmtpStage.Quit);
            await client.DisconnectAsync(quit: true, token);
            stages.Complete();
            outcome = message is null
                ? Succeeded(OutcomeText.Of(typeof(TestEmailSender), "ConnectionWorks", connection.Host, connection.Port))
                : Succeeded(OutcomeText.Of(typeof(TestEmailSender), "Sent", message.To)) with { ReplyCode = 250, ServerReply = reply };
        }
        catch (Exception ex)
        {
            var why = cancel.IsCancellationRequested ? StopReason.Cancelled
                : deadlineSource.IsCancellationRequested ? StopReason.Deadline
                : StopReason.None;
            var failedAt = stages.Running;
            outcome = SmtpFailureExplainer.Explain(ex, connection, tls, why, deadline, failedAt, transcript.LastServerLine) with { FailedStage = failedAt };
            stages.Fail(outcome.Summary);
            transcript.Note($"stopped: {outcome.Category}");
        }
        transcript.Dispose();
        return outcome with
        {
            Elapsed = time.GetElapsedTime(started),
            Stages = stages.Snapshot(),
            Transcript = transcript.Text,
            CertificateSha256 = tls.CertificateSha256,
        };
    }

    /// <summary>Moves the stages along as the conversation shows them: MailKit's ConnectAsync
    /// covers greeting, EHLO, STARTTLS and TLS in one call.</summary>
    private static void FollowConversation(SmtpTranscript transcript, StageTracker stages)
    {
        var ehloLines = new List<string>();
        transcript.ClientLine = line =>
        {
            if (StartsWith(line, "EHLO") || StartsWith(line, "HELO"))
                stages.Begin(SmtpStage.Ehlo);
            else if (StartsWith(line, "STARTTLS"))
                stages.Begin(SmtpStage.StartTls);
            else if (StartsWith(line, "MAIL FROM"))
                stages.Begin(SmtpStage.Message);
            else if (StartsWith(line, "QUIT"))
                stages.Begin(SmtpStage.Quit);
        };
        transcript.ServerLine = line =>
        {
            var running = stages.Running;
            if (running == SmtpStage.StartTls && StartsWith(line, "220"))
                stages.Begin(SmtpStage.Tls);
            else if (running == SmtpStage.Tls && stages.Snapshot().Any(s => s.Stage == SmtpStage.Greeting && s.State == StageState.Pending))
                stages.Begin(SmtpStage.Greeting);
            if (stages.Running == SmtpStage.Greeting)
                stages.Describe(SmtpStage.Greeting, line);
            else if (stages.Running == SmtpStage.Ehlo && line.Length > 4 && StartsWith(line, "250"))
                ehloLines.Add(line[4..]);
            if (stages.Running == SmtpStage.Ehlo && ehloLines.Count > 1)
                stages.Describe(SmtpStage.Ehlo, L["EhloOffers", ehloLines[0], string.Join(", ", ehloLines.Skip(1))]);
        };
    }

    private static SendOutcome Succeeded(History.AuditText summary) =>
        new(true, SmtpFailureCategory.None, OutcomeText.Words(summary)) { SummaryMessage = summary };

    private static bool StartsWith(string line, string verb) => line.StartsWith(verb, StringComparison.OrdinalIgnoreCase);

    private static void DescribeSession(ISmtpClient client, TlsObservation tls, StageTracker stages, SecurityMode mode)
    {
        if (mode != SecurityMode.None && client is SmtpClient mailKit)
            stages.Describe(SmtpStage.Tls,
                L["TlsSession", mailKit.SslProtocol, mailKit.SslCipherSuite?.ToString() ?? "", tls.Describe()]);
        // Servers often offer AUTH only after TLS: the final EHLO's mechanisms are what count.
        var ehlo = stages.Snapshot().Single(s => s.Stage == SmtpStage.Ehlo).Detail;
        var mechanisms = client.AuthenticationMechanisms.Count == 0 ? L["NoMechanisms"] : string.Join(" ", client.AuthenticationMechanisms);
        stages.Describe(SmtpStage.Ehlo, L["LoginMechanisms", ehlo ?? L["Capabilities", client.Capabilities].Value, mechanisms]);
    }

    private static string UsedMechanism(SmtpTranscript transcript) =>
        transcript.Text.Split('\n').LastOrDefault(l => l.StartsWith("C: AUTH ", StringComparison.OrdinalIgnoreCase))
            ?.Split(' ').ElementAtOrDefault(2) ?? "?";

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
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
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

    public static SecureSocketOptions ToMailKit(SecurityMode mode) => mode switch
    {
        SecurityMode.SslOnConnect => SecureSocketOptions.SslOnConnect,
        SecurityMode.StartTls => SecureSocketOptions.StartTls,
        SecurityMode.None => SecureSocketOptions.None,
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    private static MimeMessage ToMime(TestMessage message)
    {
        var mime = new MimeMessage { Subject = message.Subject };
        mime.From.Add(new MailboxAddress(message.FromName ?? "", message.FromAddress));
        mime.To.Add(MailboxAddress.Parse(message.To));
        if (!string.IsNullOrWhiteSpace(message.ReplyTo))
            mime.ReplyTo.Add(MailboxAddress.Parse(message.ReplyTo));
        mime.Body = new TextPart("plain") { Text = message.Body };
        return mime;
    }
}

public enum StopReason
{
    None,
    Cancelled,
    Deadline,
}
