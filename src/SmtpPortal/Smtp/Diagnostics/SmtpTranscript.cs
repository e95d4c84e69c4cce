using System.Text;
using MailKit;

namespace SmtpPortal.Smtp.Diagnostics;

/// <summary>The SMTP conversation as the admin may see it: "C:" and "S:" lines, AUTH secrets
/// redacted, server replies in GBK (QQ, 163) decoded. MailKit writes it through this logger,
/// which also bounds every server reply: MailKit itself would read an endless one.</summary>
public sealed class SmtpTranscript : IProtocolLogger
{
    public const string Redacted = "********";
    public const int MaxLength = 64 * 1024;

    /// <summary>No SMTP server needs more for one reply (an EHLO has a few dozen lines, a line
    /// at most 512 bytes); past either bound the reply is overlong and the run stops.</summary>
    public const int MaxReplyLines = 200;
    public const int MaxReplyBytes = 32 * 1024;

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
    private static readonly Encoding Gbk;

    private readonly object _gate = new();
    private readonly StringBuilder _text = new();
    private readonly SecretRedactor _redactor;
    private readonly List<byte> _clientLine = [];
    private readonly List<byte> _serverLine = [];
    private bool _truncated;
    private int _replyLines;
    private int _replyBytes;

    static SmtpTranscript()
    {
        // GBK lives in the code-pages provider, which .NET does not register by default.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Gbk = Encoding.GetEncoding(936);
    }

    public SmtpTranscript(SecretRedactor redactor) => _redactor = redactor;

    /// <summary>Called with each complete line the client sent (already redacted).</summary>
    public Action<string>? ClientLine { get; set; }

    /// <summary>Called with each complete line the server sent.</summary>
    public Action<string>? ServerLine { get; set; }

    public IAuthenticationSecretDetector? AuthenticationSecretDetector { get; set; }

    public string? LastServerLine { get; private set; }

    /// <summary>Every byte the server sent so far, complete lines or not (a trickled greeting).</summary>
    public long ServerBytes { get; private set; }

    /// <summary>Set when a reply passed <see cref="MaxReplyLines"/> or <see cref="MaxReplyBytes"/>.</summary>
    public (int Lines, int Bytes)? Overlong { get; private set; }

    public string Text
    {
        get { lock (_gate) return _text.ToString(); }
    }

    public void Note(string line)
    {
        lock (_gate)
            Append("*", line);
    }

    public void LogConnect(Uri uri) => Note($"connected to {uri.Host}:{uri.Port}");

    public void LogClient(byte[] buffer, int offset, int count)
    {
        // MailKit's detector knows where in this very buffer the AUTH secrets sit.
        var secrets = AuthenticationSecretDetector?.DetectSecrets(buffer, offset, count) ?? [];
        var bytes = new List<byte>(count);
        var redactedStarts = secrets.ToDictionary(s => s.StartIndex, s => s.Length);
        for (var i = offset; i < offset + count; i++)
        {
            if (redactedStarts.TryGetValue(i, out var length))
            {
                bytes.AddRange(Encoding.ASCII.GetBytes(Redacted));
                i += length - 1;
                continue;
            }
            bytes.Add(buffer[i]);
        }
        lock (_gate)
        {
            // A command was sent: what the server says next is a new reply.
            _replyLines = 0;
            _replyBytes = 0;
            Collect(bytes, _clientLine, "C", ClientLine);
        }
    }

    /// <summary>Throws <see cref="OverlongReplyException"/> once a reply passes its bound; MailKit
    /// lets it through and drops the connection.</summary>
    public void LogServer(byte[] buffer, int offset, int count)
    {
        lock (_gate)
        {
            ServerBytes += count;
            _replyBytes += count;
            Collect(buffer.AsSpan(offset, count).ToArray(), _serverLine, "S", ServerLine);
            if (_replyLines > MaxReplyLines || _replyBytes > MaxReplyBytes)
            {
                Overlong = (_replyLines, _replyBytes);
                Append("*", $"reply overlong ({_replyLines} lines, {_replyBytes} bytes): stopped reading");
                throw new OverlongReplyException(_replyLines, _replyBytes);
            }
        }
    }

    /// <summary>Flushes a last line that had no line ending (e.g. a reset in the middle of a reply).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            Flush(_clientLine, "C", null);
            Flush(_serverLine, "S", null);
        }
    }

    public static string Decode(byte[] bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Gbk.GetString(bytes);
        }
    }

    private void Collect(IEnumerable<byte> bytes, List<byte> line, string who, Action<string>? onLine)
    {
        foreach (var b in bytes)
        {
            line.Add(b);
            if (b == (byte)'\n')
                Flush(line, who, onLine);
        }
    }

    private void Flush(List<byte> line, string who, Action<string>? onLine)
    {
        if (line.Count == 0)
            return;
        var text = _redactor.Redact(Decode([.. line]).TrimEnd('\r', '\n'));
        line.Clear();
        Append(who, text);
        if (who == "S")
        {
            LastServerLine = text;
            _replyLines++;
        }
        onLine?.Invoke(text);
    }

    private void Append(string who, string text)
    {
        if (_truncated)
            return;
        if (_text.Length + text.Length > MaxLength)
        {
            _text.Append("* (transcript truncated)\n");
            _truncated = true;
            return;
        }
        _text.Append(who).Append(": ").Append(text).Append('\n');
    }
}

/// <summary>The server sent a reply longer than <see cref="SmtpTranscript.MaxReplyLines"/> lines
/// or <see cref="SmtpTranscript.MaxReplyBytes"/> bytes.</summary>
public sealed class OverlongReplyException(int lines, int bytes)
    : IOException($"The server's reply passed {lines} lines or {bytes} bytes; SmtpPortal stopped reading it.")
{
    public int Lines { get; } = lines;
    public int Bytes { get; } = bytes;
}
