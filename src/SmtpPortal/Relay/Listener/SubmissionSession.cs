using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;

namespace SmtpPortal.Relay.Listener;

/// <summary>
/// One app's SMTP connection to the relay (RFC 5321 submission with STARTTLS, AUTH PLAIN/LOGIN,
/// SIZE, PIPELINING). Replies are English and name what the app's admin must change; every
/// refusal is also counted for the Relay page. Bounded everywhere: line length, message size,
/// recipients, the wait for each command, the time one command may take, and the number of
/// errors and idle commands.
/// </summary>
internal sealed partial class SubmissionSession
{
    public const int MaxCommandLength = 2048;

    /// <summary>Errors and commands that move no mail (NOOP, RSET, VRFY…) before the relay hangs up.</summary>
    public const int MaxJunkCommands = 50;

    private readonly SessionServices _services;
    private readonly Socket _socket;
    private readonly CancellationToken _stopping;
    private readonly IPAddress _client;
    private readonly MemoryStream _output = new();
    private Stream _stream;
    private readonly SmtpLineReader _reader;
    private bool _secure;
    private bool _greeted;
    private bool _closing;
    private int _junk;
    private RelayApp? _app;
    private Transaction? _transaction;

    public SubmissionSession(Socket socket, SessionServices services, CancellationToken stopping)
    {
        _socket = socket;
        _services = services;
        _stopping = stopping;
        var remote = (IPEndPoint)socket.RemoteEndPoint!;
        _client = remote.Address.IsIPv4MappedToIPv6 ? remote.Address.MapToIPv4() : remote.Address;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = new SmtpLineReader(_stream);
    }

    private string ClientText => _client.ToString();

    public async Task RunAsync()
    {
        try
        {
            Reply($"220 {_services.ServerName} ESMTP SmtpPortal relay ready");
            while (!_closing)
            {
                if (!_reader.HasBufferedInput)
                    await FlushAsync();
                var line = await ReadCommandAsync();
                if (line is null)
                    break;
                await HandleAsync(line);
                if (_junk > MaxJunkCommands && !_closing)
                {
                    Refuse(RelayRefusalKind.TooManyErrors, $"{_junk} errors or idle commands");
                    Close("421 4.7.0 Too many errors or commands that send no mail; closing the connection");
                }
            }
            await FlushAsync();
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            await TryFinalReplyAsync("421 4.3.2 The relay is shutting down; try again in a moment");
        }
        catch (CommandTimeoutException timeout)
        {
            Refuse(RelayRefusalKind.Timeout, timeout.Message);
            await TryFinalReplyAsync($"421 4.4.2 {timeout.Message}; closing the connection");
        }
        catch (Exception ex) when (ex is IOException or SocketException or AuthenticationException or ObjectDisposedException)
        {
            // The client went away or broke the connection (or the TLS handshake): nothing to answer.
            _services.Logger.LogDebug("Relay session from {Client} ended: {Reason}", ClientText, ex.Message);
        }
        catch (Exception ex)
        {
            _services.Logger.LogWarning(ex, "Relay session from {Client} failed", ClientText);
        }
        finally
        {
            await _stream.DisposeAsync();
        }
    }

    private async Task HandleAsync(CommandLine line)
    {
        if (line.TooLong)
        {
            Junk($"500 5.5.2 Line too long: commands may have at most {MaxCommandLength} characters");
            return;
        }
        var text = line.Text;
        var space = text.IndexOf(' ');
        var verb = (space < 0 ? text : text[..space]).ToUpperInvariant();
        var argument = space < 0 ? "" : text[(space + 1)..].Trim();
        switch (verb)
        {
            case "EHLO":
                Ehlo(argument);
                break;
            case "HELO":
                Helo(argument);
                break;
            case "STARTTLS":
                await StartTlsAsync(argument);
                break;
            case "AUTH":
                await AuthenticateAsync(argument);
                break;
            case "MAIL":
                await MailAsync(argument);
                break;
            case "RCPT":
                Recipient(argument);
                break;
            case "DATA":
                await DataAsync(argument);
                break;
            case "RSET":
                _transaction = null;
                Junk("250 2.0.0 Reset");
                break;
            case "NOOP":
                Junk("250 2.0.0 OK");
                break;
            case "QUIT":
                Close("221 2.0.0 Bye");
                break;
            case "VRFY":
                Junk("252 2.5.2 Cannot verify addresses; send the message and the provider will tell");
                break;
            case "HELP":
                Junk("214 2.0.0 SmtpPortal relay: EHLO, STARTTLS, AUTH PLAIN or LOGIN, MAIL, RCPT, DATA, RSET, NOOP, QUIT");
                break;
            case "BDAT" or "EXPN" or "ETRN" or "TURN" or "ATRN" or "SEND" or "SOML" or "SAML":
                Junk($"502 5.5.1 {verb} is not supported by this relay");
                break;
            default:
                Junk("500 5.5.2 Command not recognized");
                break;
        }
    }

    private void Ehlo(string argument)
    {
        if (argument.Length == 0)
        {
            Junk("501 5.5.4 EHLO needs the client's host name");
            return;
        }
        ResetTransaction();
        _greeted = true;
        var snapshot = _services.Runtime.Current;
        var lines = new List<string>
        {
            $"{_services.ServerName} greets {argument}", "PIPELINING", "8BITMIME", "ENHANCEDSTATUSCODES", $"SIZE {snapshot.MaxMessageBytes}",
        };
        if (!_secure)
            lines.Add("STARTTLS");
        if (_app is null && MayLogIn)
            lines.Add("AUTH PLAIN LOGIN");
        for (var i = 0; i < lines.Count; i++)
            Reply($"250{(i == lines.Count - 1 ? ' ' : '-')}{lines[i]}");
    }

    private void Helo(string argument)
    {
        if (argument.Length == 0)
        {
            Junk("501 5.5.4 HELO needs the client's host name");
            return;
        }
        ResetTransaction();
        _greeted = true;
        Reply($"250 {_services.ServerName}");
    }

    /// <summary>Plain-text logins only where the traffic stays on this host or a listed network.</summary>
    private bool MayLogIn => _secure || _services.Trust.MayLogInWithoutTls(_client);

    private async Task StartTlsAsync(string argument)
    {
        if (_secure)
        {
            Junk("503 5.5.1 TLS is already active");
            return;
        }
        if (argument.Length > 0)
        {
            Junk("501 5.5.4 STARTTLS takes no argument");
            return;
        }
        Reply("220 2.0.0 Ready to start TLS");
        await FlushAsync();
        var tls = new SslStream(_stream, leaveInnerStreamOpen: false);
        using var deadline = CommandDeadline("The TLS handshake");
        try
        {
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = _services.Certificate.Get(),
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                ClientCertificateRequired = false,
            }, deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.Expired)
        {
            throw deadline.Timeout();
        }
        _stream = tls;
        // Anything the client sent after STARTTLS in the clear is dropped, never executed.
        _reader.SwitchTo(tls);
        _secure = true;
        _greeted = false;
        _app = null;
        ResetTransaction();
    }

    private async Task<CommandLine?> ReadCommandAsync()
    {
        using var idle = new CancellationTokenSource(_services.Options.IdleTimeout, _services.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(idle.Token, _stopping);
        try
        {
            return await _reader.ReadLineAsync(MaxCommandLength, linked.Token);
        }
        catch (OperationCanceledException) when (idle.IsCancellationRequested && !_stopping.IsCancellationRequested)
        {
            throw new CommandTimeoutException($"No command within {_services.Options.IdleTimeoutSeconds} seconds");
        }
    }

    /// <summary>A line in the middle of a command (an AUTH answer), within the command timeout.</summary>
    private async Task<string?> ReadContinuationAsync(CancellationToken commandToken)
    {
        await FlushAsync();
        var line = await _reader.ReadLineAsync(MaxCommandLength, commandToken);
        return line is null || line.TooLong ? null : line.Text;
    }

    /// <summary>Bounds one whole command (an AUTH exchange, a DATA upload, a TLS handshake).</summary>
    private CommandDeadline CommandDeadline(string what) => new(_services, what, _stopping);

    private void ResetTransaction() => _transaction = null;

    private void Refuse(RelayRefusalKind kind, string detail) =>
        _services.Refusals.Record(kind, ClientText, _app?.Name, detail);

    private void Reply(string line)
    {
        var bytes = Encoding.ASCII.GetBytes(line + "\r\n");
        _output.Write(bytes);
    }

    /// <summary>An error, or a command that moves no mail: counted towards <see cref="MaxJunkCommands"/>.</summary>
    private void Junk(string line)
    {
        _junk++;
        Reply(line);
    }

    private void Close(string line)
    {
        Reply(line);
        _closing = true;
    }

    private async Task FlushAsync()
    {
        if (_output.Length == 0)
            return;
        await _stream.WriteAsync(_output.GetBuffer().AsMemory(0, (int)_output.Length), _stopping);
        await _stream.FlushAsync(_stopping);
        _output.SetLength(0);
    }

    private async Task TryFinalReplyAsync(string line)
    {
        try
        {
            _output.SetLength(0);
            Reply(line);
            using var brief = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _stream.WriteAsync(_output.GetBuffer().AsMemory(0, (int)_output.Length), brief.Token);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException
            or NotSupportedException or InvalidOperationException)
        {
            // The connection is gone already.
        }
    }
}

/// <summary>A client that took longer than the relay allows.</summary>
internal sealed class CommandTimeoutException(string message) : Exception(message);

/// <summary>The time one command may take; turns its expiry into <see cref="CommandTimeoutException"/>.</summary>
internal sealed class CommandDeadline : IDisposable
{
    private readonly CancellationTokenSource _timer;
    private readonly CancellationTokenSource _linked;
    private readonly string _what;
    private readonly int _seconds;

    public CommandDeadline(SessionServices services, string what, CancellationToken stopping)
    {
        _timer = new CancellationTokenSource(services.Options.CommandTimeout, services.Time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(_timer.Token, stopping);
        _what = what;
        _seconds = services.Options.CommandTimeoutSeconds;
    }

    public CancellationToken Token => _linked.Token;

    public bool Expired => _timer.IsCancellationRequested;

    public CommandTimeoutException Timeout() => new($"{_what} did not finish within {_seconds} seconds");

    public void Dispose()
    {
        _linked.Dispose();
        _timer.Dispose();
    }
}
