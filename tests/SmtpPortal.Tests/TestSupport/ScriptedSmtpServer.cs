using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace SmtpPortal.Tests.TestSupport;

/// <summary>A fault-injecting SMTP server on 127.0.0.1: each test scripts, byte by byte, what the
/// server says and when it misbehaves (silence, trickles, stalls, resets, odd replies).</summary>
public sealed class ScriptedSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly List<Task> _sessions = [];

    private ScriptedSmtpServer(Func<ScriptedSession, Task> script)
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync(script);
    }

    public int Port { get; }

    /// <summary>Every line the client sent, over all sessions.</summary>
    public List<string> Received { get; } = [];

    public static ScriptedSmtpServer Start(Func<ScriptedSession, Task> script) => new(script);

    private async Task AcceptAsync(Func<ScriptedSession, Task> script)
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var session = new ScriptedSession(client, Received, _stop.Token);
                lock (_sessions)
                    _sessions.Add(RunAsync(session, script));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task RunAsync(ScriptedSession session, Func<ScriptedSession, Task> script)
    {
        try
        {
            await script(session);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException or ObjectDisposedException
            or System.Security.Authentication.AuthenticationException)
        {
            // The client hanging up mid-script is what most of these faults lead to.
        }
        finally
        {
            session.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Task[] running;
        lock (_sessions)
            running = [.. _sessions];
        await Task.WhenAll(running);
        _stop.Dispose();
    }
}

/// <summary>One client connection as the script sees it.</summary>
public sealed class ScriptedSession(TcpClient client, List<string> received, CancellationToken stop) : IDisposable
{
    private Stream _stream = client.GetStream();
    private readonly List<byte> _pending = [];

    public CancellationToken Stopping => stop;

    public Task SendAsync(string line) => SendBytesAsync(Encoding.UTF8.GetBytes(line + "\r\n"));

    public async Task SendBytesAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes, stop);
        await _stream.FlushAsync(stop);
    }

    /// <summary>Sends the text one byte at a time with a pause between bytes, like a tarpit that trickles.</summary>
    public async Task TrickleAsync(string text, TimeSpan pause)
    {
        foreach (var b in Encoding.ASCII.GetBytes(text))
        {
            await SendBytesAsync([b]);
            await Task.Delay(pause, stop);
        }
    }

    public async Task<string?> ReadLineAsync()
    {
        var buffer = new byte[1];
        while (true)
        {
            var newline = _pending.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var line = Encoding.UTF8.GetString([.. _pending.Take(newline)]).TrimEnd('\r');
                _pending.RemoveRange(0, newline + 1);
                lock (received)
                    received.Add(line);
                return line;
            }
            if (await _stream.ReadAsync(buffer, stop) == 0)
                return null;
            _pending.Add(buffer[0]);
        }
    }

    /// <summary>Reads the client's command and fails the script if it is not the expected one.</summary>
    public async Task<string> ExpectAsync(string verb)
    {
        var line = await ReadLineAsync() ?? throw new IOException($"client hung up, expected {verb}");
        return line.StartsWith(verb, StringComparison.OrdinalIgnoreCase) ? line
            : throw new IOException($"expected {verb}, got {line}");
    }

    /// <summary>220 greeting, then EHLO answered with the given extensions.</summary>
    public async Task GreetAsync(params string[] extensions)
    {
        await SendAsync("220 fault.test ESMTP scripted");
        await EhloAsync(extensions);
    }

    public async Task EhloAsync(params string[] extensions)
    {
        await ExpectAsync("EHLO");
        var lines = extensions.Prepend("fault.test").ToList();
        for (var i = 0; i < lines.Count; i++)
            await SendAsync($"250{(i == lines.Count - 1 ? ' ' : '-')}{lines[i]}");
    }

    /// <summary>Server side of a TLS handshake on the current connection.</summary>
    public async Task UpgradeToTlsAsync(X509Certificate2 certificate)
    {
        var ssl = new SslStream(_stream, leaveInnerStreamOpen: false);
        await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, stop);
        _stream = ssl;
    }

    /// <summary>Keeps the connection open and silent until the client gives up or the test ends.</summary>
    public async Task HoldAsync()
    {
        var buffer = new byte[256];
        while (await _stream.ReadAsync(buffer, stop) > 0)
        {
        }
    }

    /// <summary>Aborts the connection with a TCP reset instead of a clean close.</summary>
    public void Reset()
    {
        client.Client.LingerState = new LingerOption(true, 0);
        client.Client.Close();
    }

    public void Dispose()
    {
        _stream.Dispose();
        client.Dispose();
    }
}
