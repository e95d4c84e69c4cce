using System.Net;
using System.Net.Sockets;
using SmtpPortal.Smtp;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Smtp;

/// <summary>Real sends to a real SMTP server on 127.0.0.1.</summary>
public sealed class SmtpSenderTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly SmtpSender _sender = new(TimeProvider.System);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static OutgoingMessage Message(string subject = "SmtpPortal test email")
    {
        var mime = new MimeKit.MimeMessage { Subject = subject };
        mime.From.Add(new MimeKit.MailboxAddress("Portal", "sender@example.test"));
        mime.To.Add(MimeKit.MailboxAddress.Parse("someone@example.test"));
        mime.Body = new MimeKit.TextPart("plain") { Text = "body" };
        return OutgoingMessage.FromHeaders(mime);
    }

    private static SmtpConnection To(LocalSmtpServer server, SecurityMode mode, string password = LocalSmtpServer.Password) =>
        new("127.0.0.1", server.Port, mode, LocalSmtpServer.UserName, password,
            server.Certificate is null ? null : TestCertificates.Sha256(server.Certificate));

    [Fact]
    public async Task SendsOverStartTlsAndTheMessageArrivesWithFromToAndSubject()
    {
        await using var server = LocalSmtpServer.StartTls();

        var outcome = await _sender.SendAsync(To(server, SecurityMode.StartTls), Message(), Deadline, null, Ct);

        Assert.True(outcome.Succeeded, outcome.Category.ToString());
        Assert.Contains("queued as TEST123", outcome.Evidence.ServerReply);
        Assert.Equal("Sent. The server accepted the message for someone@example.test.", DiagnosisWords.Render(outcome).Summary);
        var arrived = Assert.Single(server.Messages);
        Assert.Equal("sender@example.test", arrived.From.Mailboxes.Single().Address);
        Assert.Equal("Portal", arrived.From.Mailboxes.Single().Name);
        Assert.Equal("someone@example.test", arrived.To.Mailboxes.Single().Address);
        Assert.Equal("SmtpPortal test email", arrived.Subject);
    }

    [Fact]
    public async Task SendsOverImplicitTls()
    {
        await using var server = LocalSmtpServer.ImplicitTls();

        var outcome = await _sender.SendAsync(To(server, SecurityMode.SslOnConnect), Message("implicit"), Deadline, null, Ct);

        Assert.True(outcome.Succeeded, outcome.Category.ToString());
        Assert.Equal("implicit", Assert.Single(server.Messages).Subject);
    }

    [Fact]
    public async Task AWrongPasswordFailsWithAClearReasonAndSendsNothing()
    {
        await using var server = LocalSmtpServer.StartTls();

        var outcome = await _sender.SendAsync(To(server, SecurityMode.StartTls, "wrong password"), Message(), Deadline, null, Ct);

        Assert.False(outcome.Succeeded);
        Assert.Equal(SmtpFailureCategory.AuthenticationFailed, outcome.Category);
        Assert.Equal(535, outcome.Evidence.ReplyCode);
        Assert.Contains("rejected the username or password", DiagnosisWords.Render(outcome).Summary);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task AnUnpinnedSelfSignedCertificateIsRefusedBeforeThePasswordIsSent()
    {
        await using var server = LocalSmtpServer.ImplicitTls();
        var unpinned = new SmtpConnection("127.0.0.1", server.Port, SecurityMode.SslOnConnect,
            LocalSmtpServer.UserName, LocalSmtpServer.Password);

        var outcome = await _sender.SendAsync(unpinned, Message(), Deadline, null, Ct);

        Assert.Equal(SmtpFailureCategory.Certificate, outcome.Category);
        Assert.Equal(TestCertificates.Sha256(server.Certificate!), outcome.Evidence.Certificate!.Sha256);
        Assert.Empty(server.Logins);
    }

    [Fact]
    public async Task StartTlsIsRequiredExactlyAsSetAndNeverFallsBackToPlainText()
    {
        await using var server = LocalSmtpServer.Plain();

        var outcome = await _sender.SendAsync(To(server, SecurityMode.StartTls), Message(), Deadline, null, Ct);

        Assert.Equal(SmtpFailureCategory.StartTlsNotOffered, outcome.Category);
        Assert.Empty(server.Logins);
    }

    [Fact]
    public async Task AServerThatNeverAnswersEndsAtTheDeadline()
    {
        // Accepts the TCP connection and then says nothing: a tarpit.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var silent = new SmtpConnection("127.0.0.1", port, SecurityMode.StartTls, "user", "secret");

        var outcome = await _sender.SendAsync(silent, Message(), TimeSpan.FromSeconds(1), null, Ct);

        Assert.Equal(SmtpFailureCategory.NoGreeting, outcome.Category);
        Assert.InRange(outcome.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
        Assert.Contains("accepted the connection but sent nothing at all", DiagnosisWords.Render(outcome).Summary);
    }

    [Fact]
    public async Task CancellingStopsTheSendAtOnce()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var cancel = new CancellationTokenSource();
        var sending = _sender.SendAsync(new SmtpConnection("127.0.0.1", port, SecurityMode.StartTls, "u", "p"),
            Message(), TimeSpan.FromSeconds(30), null, cancel.Token);

        await cancel.CancelAsync();
        var outcome = await sending.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

        Assert.Equal(SmtpFailureCategory.Cancelled, outcome.Category);
    }
}
