namespace SmtpPortal.Relay.Listener;

/// <summary>
/// Reads an SMTP client's input with a fixed buffer, so that no client can make the relay hold
/// more than <see cref="BufferSize"/> bytes of its input: a command line longer than the limit
/// is read to its end and discarded, and a message is handed on in segments. It also tells
/// whether more input is already buffered, which is how replies to pipelined commands are
/// batched into one write.
/// </summary>
internal sealed class SmtpLineReader(Stream stream)
{
    public const int BufferSize = 16 * 1024;

    private readonly byte[] _buffer = new byte[BufferSize];
    private Stream _stream = stream;
    private int _start;
    private int _end;

    public bool HasBufferedInput => _end > _start;

    /// <summary>After STARTTLS: reads from the TLS stream and forgets whatever plain-text input
    /// was already buffered (a client must not smuggle commands past the TLS handshake).</summary>
    public void SwitchTo(Stream secured)
    {
        _stream = secured;
        _start = _end = 0;
    }

    /// <summary>The next command line without its line ending, or null at the end of the input.
    /// A line longer than <paramref name="maxLength"/> is consumed and reported as too long.</summary>
    public async ValueTask<CommandLine?> ReadLineAsync(int maxLength, CancellationToken ct)
    {
        var line = new List<byte>(128);
        var tooLong = false;
        while (true)
        {
            var segment = await ReadSegmentAsync(ct);
            if (segment.IsEmpty)
                return line.Count == 0 && !tooLong ? null : new CommandLine(Text(line), tooLong);
            var span = segment.Span;
            var endsLine = span[^1] == (byte)'\n';
            if (endsLine)
                span = span[..^1];
            if (span.Length > 0 && span[^1] == (byte)'\r' && endsLine)
                span = span[..^1];
            if (!tooLong && line.Count + span.Length <= maxLength)
                line.AddRange(span);
            else
                tooLong = true;
            if (endsLine)
                return new CommandLine(tooLong ? "" : Text(line), tooLong);
        }
    }

    /// <summary>The next piece of input: up to and including a line feed, or a full buffer when
    /// the line is longer. Never a partial line otherwise, so "." alone on a line is always seen
    /// whole. Empty at the end of the input.</summary>
    public async ValueTask<ReadOnlyMemory<byte>> ReadSegmentAsync(CancellationToken ct)
    {
        while (true)
        {
            var newline = _end > _start ? Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start) : -1;
            if (newline >= 0)
                return Take(newline - _start + 1);
            if (_end - _start == _buffer.Length)
                return Take(_buffer.Length);
            if (_start == _end)
                _start = _end = 0;
            else if (_end == _buffer.Length)
            {
                // A partial line at the end of the buffer: move it to the front and read on.
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), ct);
            if (read == 0)
                return Take(_end - _start);
            _end += read;
        }
    }

    private ReadOnlyMemory<byte> Take(int length)
    {
        var segment = new ReadOnlyMemory<byte>(_buffer, _start, length);
        _start += length;
        return segment;
    }

    private static string Text(List<byte> line) => System.Text.Encoding.Latin1.GetString([.. line]);
}

/// <summary>One command line as the client sent it (Latin-1, so that every byte survives).</summary>
internal sealed record CommandLine(string Text, bool TooLong);
