using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SmtpPortal.Tests.TestSupport;

/// <summary>A scripted SMTP server on 127.0.0.1 that offers only AUTH XOAUTH2 and accepts a
/// login only for the expected user with the access token <see cref="AcceptedToken"/> returns
/// at that moment (the SmtpServer library has no XOAUTH2). Plain text: loopback only.</summary>
public sealed class XOAuth2SmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    public XOAuth2SmtpServer(string user, Func<string?> acceptedToken)
    {
        User = user;
        AcceptedToken = acceptedToken;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _running = AcceptAsync();
    }

    public string User { get; }
    public Func<string?> AcceptedToken { get; }
    public int Port { get; }

    /// <summary>Every (user, token) a client offered, in order.</summary>
    public ConcurrentQueue<(string User, string Token)> Logins { get; } = new();

    /// <summary>The DATA of every accepted message.</summary>
    public ConcurrentQueue<string> Messages { get; } = new();

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = Task.Run(() => ServeAsync(client));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        var authenticated = false;
        try
        {
            await writer.WriteLineAsync("220 localhost ESMTP test");
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var verb = line.Split(' ')[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-localhost\r\n250-AUTH XOAUTH2\r\n250 8BITMIME");
                        break;
                    case "AUTH":
                        var parts = line.Split(' ');
                        var initial = parts.Length > 2 ? parts[2] : await Challenge(writer, reader, "");
                        authenticated = Check(initial);
                        if (!authenticated)
                        {
                            // XOAUTH2: an error challenge, the client's empty answer, then 535.
                            await Challenge(writer, reader, Convert.ToBase64String(
                                Encoding.ASCII.GetBytes("""{"status":"401","schemes":"bearer","scope":"https://mail.google.com/"}""")));
                            await writer.WriteLineAsync("535 5.7.3 Authentication unsuccessful");
                        }
                        else
                        {
                            await writer.WriteLineAsync("235 2.7.0 Authentication successful");
                        }
                        break;
                    case "MAIL":
                        await writer.WriteLineAsync(authenticated ? "250 2.1.0 OK" : "530 5.7.57 Client not authenticated");
                        break;
                    case "RCPT":
                        await writer.WriteLineAsync("250 2.1.5 OK");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 Start mail input");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync(_stop.Token) is { } dataLine && dataLine != ".")
                            data.AppendLine(dataLine);
                        Messages.Enqueue(data.ToString());
                        await writer.WriteLineAsync("250 2.0.0 OK queued as XOAUTH2TEST");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 2.0.0 Bye");
                        return;
                    default:
                        await writer.WriteLineAsync("502 5.5.2 Command not implemented");
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private static async Task<string> Challenge(StreamWriter writer, StreamReader reader, string challenge)
    {
        await writer.WriteLineAsync($"334 {challenge}");
        return await reader.ReadLineAsync() ?? "";
    }

    /// <summary>XOAUTH2's initial response: base64 of "user=U^Aauth=Bearer T^A^A".</summary>
    private bool Check(string base64)
    {
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return false;
        }
        var fields = decoded.Split('\x01', StringSplitOptions.RemoveEmptyEntries);
        var user = fields.FirstOrDefault(f => f.StartsWith("user=", StringComparison.Ordinal))?["user=".Length..] ?? "";
        var token = fields.FirstOrDefault(f => f.StartsWith("auth=Bearer ", StringComparison.Ordinal))?["auth=Bearer ".Length..] ?? "";
        Logins.Enqueue((user, token));
        return user == User && token.Length > 0 && token == AcceptedToken();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}
