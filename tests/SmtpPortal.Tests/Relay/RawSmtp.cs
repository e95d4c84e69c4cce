using System.Net.Sockets;
using System.Text;

namespace SmtpPortal.Tests.Relay;

/// <summary>An SMTP client that says exactly what a test scripts (no library smoothing it over),
/// for the relay's refusals and the open-relay probes.</summary>
internal sealed class RawSmtp : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly StreamReader _reader;
    private readonly Stream _stream;

    private RawSmtp(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
        _reader = new StreamReader(_stream, Encoding.Latin1);
    }

    public static async Task<RawSmtp> ConnectAsync(int port, string host = "127.0.0.1")
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(host, port, TestContext.Current.CancellationToken);
        var raw = new RawSmtp(tcp);
        var greeting = await raw.ReadReplyAsync();
        Assert.StartsWith("220 ", greeting);
        return raw;
    }

    /// <summary>Sends one line and returns the whole reply (continuation lines joined by newlines).</summary>
    public async Task<string> SendAsync(string line)
    {
        await WriteAsync(line + "\r\n");
        return await ReadReplyAsync();
    }

    public async Task WriteAsync(string text) =>
        await _stream.WriteAsync(Encoding.Latin1.GetBytes(text), TestContext.Current.CancellationToken);

    public async Task<string> ReadReplyAsync()
    {
        var lines = new List<string>();
        while (true)
        {
            using var patience = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            patience.CancelAfter(TimeSpan.FromSeconds(30));
            var line = await _reader.ReadLineAsync(patience.Token);
            if (line is null)
                return string.Join('\n', lines.Append("(connection closed)"));
            lines.Add(line);
            if (line.Length < 4 || line[3] != '-')
                return string.Join('\n', lines);
        }
    }

    /// <summary>The next reply if one arrives within <paramref name="wait"/>, else "" (the
    /// relay is still waiting, e.g. for a clock the test moves).</summary>
    public async Task<string> ReadReplyWithinAsync(TimeSpan wait)
    {
        _pending ??= ReadReplyAsync();
        if (await Task.WhenAny(_pending, Task.Delay(wait, TestContext.Current.CancellationToken)) != _pending)
            return "";
        var reply = await _pending;
        _pending = null;
        return reply;
    }

    private Task<string>? _pending;

    /// <summary>Whether the relay closed the connection (reads until the end or a timeout).</summary>
    public async Task<bool> IsClosedAsync()
    {
        try
        {
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            return await _reader.ReadLineAsync(patience.Token) is null;
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>EHLO, then AUTH PLAIN with the given login; returns the AUTH reply.</summary>
    public async Task<string> LogInAsync(string user, string secret)
    {
        await SendAsync("EHLO app.example");
        return await SendAsync("AUTH PLAIN " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{user}\0{secret}")));
    }

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }
}
