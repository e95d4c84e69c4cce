using System.Net;
using System.Net.Sockets;
using SmtpPortal.Smtp;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Smtp;

/// <summary>Real sends to a real SMTP server on 127.0.0.1.</summary>
public sealed class TestEmailSenderTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly TestEmailSender _sender = new(new MailKitSmtpClientFactory(), TimeProvider.System);

    private static TestMessage Message(string subject = "SmtpPortal test email") => new(
        "sender@example.test", "Portal", null, "someone@example.test", subject, "body");

    private static SmtpConnection To(LocalSmtpServer server, SecurityMode mode, string password = LocalSmtpServer.Password) =>
        new("127.0.0.1", server.Port, mode, LocalSmtpServer.UserName, password,
            server.Certificate is null ? null : TestCertificates.Sha256(server.Certificate));

    [Fact]
    public async Task SendsOverStartTlsAndTheMessageArrivesWithFromToAndSubject()
    {
        await using var server = LocalSmtpServer.StartTls();

        var outcome = await _sender.SendAsync(To(server, SecurityMode.StartTls), Message(), Deadline, TestContext.Current.CancellationToken);

        Assert.True(outcome.Succeeded, outcome.Summary);
        Assert.Contains("queued as TEST123", outcome.ServerReply);
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

        var outcome = await _sender.SendAsync(To(server, SecurityMode.SslOnConnect), Message("implicit"), Deadline, TestContext.Current.CancellationToken);

        Assert.True(outcome.Succeeded, outcome.Summary);
        Assert.Equal("implicit", Assert.Single(server.Messages).Subject);
    }

    [Fact]
    public async Task AWrongPasswordFailsWithAClearReasonAndSendsNothing()
    {
        await using var server = LocalSmtpServer.StartTls();

        var outcome = await _sender.SendAsync(To(server, SecurityMode.StartTls, "wrong password"), Message(), Deadline, TestContext.Current.CancellationToken);

        Assert.False(outcome.Succeeded);
        Assert.Equal(SmtpFailureCategory.AuthenticationFailed, outcome.Category);
        Assert.Equal(535, outcome.ReplyCode);
        Assert.Contains("rejected the username or password", outcome.Summary);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task AnUnpinnedSelfSignedCertificateIsRefusedBeforeThePasswordIsSent()
    {
        await using var server = LocalSmtpServer.ImplicitTls();
        var unpinned = new SmtpConnection("127.0.0.1", server.Port, SecurityMode.SslOnConnect,
            LocalSmtpServer.UserName, LocalSmtpServer.Password);

        var outcome = await _sender.SendAsync(unpinned, Message(), Deadline, TestContext.Current.CancellationToken);

        Assert.Equal(SmtpFailureCategory.Certificate, outcome.Category);
        Assert.Contains(TestCertificates.Sha256(server.Certificate!), outcome.Summary);
        Assert.Empty(server.Logins);
    }

    [Fact]
    public async Task StartTlsIsRequiredExactlyAsSetAndNeverFallsBackToPlainText()
    {
        await using var server = LocalSmtpServer.Plain();

        var outcome = await _sender.SendAsync(To(server, SecurityMode.StartTls), Message(), Deadline, TestContext.Current.CancellationToken);

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

        var outcome = await _sender.SendAsync(silent, Message(), TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);

        Assert.Equal(SmtpFailureCategory.NoGreeting, outcome.Category);
        Assert.InRange(outcome.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
        Assert.Contains("sent no greeting", outcome.Summary);
    }

    [Fact]
    public async Task CancellingStopsTheSendAtOnce()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var cancel = new CancellationTokenSource();
        var sending = _sender.SendAsync(new SmtpConnection("127.0.0.1", port, SecurityMode.StartTls, "u", "p"),
            Message(), TimeSpan.FromSeconds(30), cancel.Token);

        await cancel.CancelAsync();
        var outcome = await sending.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

        Assert.Equal(SmtpFailureCategory.Cancelled, outcome.Category);
    }
}
