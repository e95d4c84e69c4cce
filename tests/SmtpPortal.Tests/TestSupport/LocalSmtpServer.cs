using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.ComponentModel;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace SmtpPortal.Tests.TestSupport;

/// <summary>A real SMTP server (the SmtpServer library) on 127.0.0.1 that requires a login and
/// keeps every message it accepts.</summary>
public sealed class LocalSmtpServer : IAsyncDisposable
{
    public const string UserName = "portal@example.test";
    public const string Password = "correct horse battery staple";

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    private LocalSmtpServer(TlsMode tls, X509Certificate2? certificate)
    {
        Port = FreePort();
        Certificate = certificate;
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint =>
            {
                endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))
                    .AuthenticationRequired()
                    .AllowUnsecureAuthentication(tls == TlsMode.None);
                if (certificate is not null)
                    endpoint.Certificate(certificate).IsSecure(tls == TlsMode.Implicit);
            })
            .Build();
        var services = new ServiceProvider();
        services.Add(new Store(this));
        services.Add(new Authenticator(this));
        var server = new SmtpServer.SmtpServer(options, services);
        server.SessionCreated += (_, e) => SessionOpened(e.Context);
        server.SessionCompleted += (_, e) => SessionClosed(e.Context);
        server.SessionFaulted += (_, e) => SessionClosed(e.Context);
        server.SessionCancelled += (_, e) => SessionClosed(e.Context);
        _running = server.StartAsync(_stop.Token);
    }

    public int Port { get; }
    public X509Certificate2? Certificate { get; }
    public ConcurrentQueue<MimeMessage> Messages { get; } = new();

    /// <summary>The envelope of every accepted message, in the order they arrived.</summary>
    public ConcurrentQueue<(string From, IReadOnlyList<string> To)> Envelopes { get; } = new();

    /// <summary>Replies the server gives instead of 250 to the next final dots, in order (a test
    /// scripts "451, then 250" by enqueueing one 451).</summary>
    public ConcurrentQueue<SmtpResponse> DataReplies { get; } = new();

    private readonly SemaphoreSlim _arrived = new(0);

    /// <summary>Waits until <paramref name="count"/> messages were accepted in all, or fails
    /// after <paramref name="patience"/> (a deadline for a broken run, not a timing).</summary>
    public Task WaitForMessagesAsync(int count, TimeSpan? patience = null) =>
        WaitUntilAsync(messages => messages.Count >= count, $"{count} messages", patience);

    /// <summary>Waits until <paramref name="done"/> holds for the messages received so far (for
    /// example: every distinct subject of a burst, when a crash may deliver some twice).</summary>
    public async Task WaitUntilAsync(Func<IReadOnlyCollection<MimeMessage>, bool> done, string what, TimeSpan? patience = null)
    {
        using var deadline = new CancellationTokenSource(patience ?? TimeSpan.FromSeconds(60));
        while (!done([.. Messages]))
        {
            try
            {
                await _arrived.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Expected {what} at the SMTP server, {Messages.Count} messages arrived.");
            }
        }
    }

    private readonly ConcurrentDictionary<ISessionContext, bool> _sessions = new();
    private int _mostSessions;

    /// <summary>The most connections that were open at once.</summary>
    public int MostSessions => Volatile.Read(ref _mostSessions);

    /// <summary>When set, a login on a connection beyond this many open ones is refused with 421,
    /// as Exchange Online refuses a mailbox's connections past its limit.</summary>
    public int? SessionLimit { get; set; }

    private void SessionOpened(ISessionContext context)
    {
        _sessions[context] = true;
        var open = _sessions.Count;
        int most;
        while (open > (most = Volatile.Read(ref _mostSessions)) && Interlocked.CompareExchange(ref _mostSessions, open, most) != most)
        {
        }
    }

    private void SessionClosed(ISessionContext context) => _sessions.TryRemove(context, out _);

    /// <summary>Every user name and password the server was offered, for leak checks.</summary>
    public ConcurrentQueue<(string User, string Password)> Logins { get; } = new();

    private int _disposed;

    /// <summary>Passwords the server accepts for <see cref="UserName"/>; tests that rotate add more.</summary>
    public ConcurrentDictionary<string, bool> AcceptedPasswords { get; } = new() { [Password] = true };

    public static LocalSmtpServer StartTls() => new(TlsMode.StartTls, TestCertificates.Create());
    public static LocalSmtpServer ImplicitTls() => new(TlsMode.Implicit, TestCertificates.Create());
    public static LocalSmtpServer Plain() => new(TlsMode.None, null);

    /// <summary>Stops the server; a test that takes a provider away early may call it twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
        Certificate?.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private enum TlsMode
    {
        None,
        StartTls,
        Implicit,
    }

    private sealed class Store(LocalSmtpServer server) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (server.DataReplies.TryDequeue(out var scripted))
                return scripted;
            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            server.Envelopes.Enqueue((transaction.From.AsAddress(), [.. transaction.To.Select(t => t.AsAddress())]));
            server.Messages.Enqueue(message);
            server._arrived.Release();
            return new SmtpResponse(SmtpReplyCode.Ok, "2.0.0 queued as TEST123");
        }
    }

    private sealed class Authenticator(LocalSmtpServer server) : UserAuthenticator
    {
        public override Task<bool> AuthenticateAsync(
            ISessionContext context, string user, string password, CancellationToken cancellationToken)
        {
            server.Logins.Enqueue((user, password));
            if (server._sessions.Count > server.SessionLimit)
                throw new SmtpResponseException(new SmtpResponse((SmtpReplyCode)421,
                    "4.3.2 The maximum number of concurrent connections has exceeded a limit, closing transmission channel"), true);
            return Task.FromResult(user == UserName && server.AcceptedPasswords.ContainsKey(password));
        }
    }
}
