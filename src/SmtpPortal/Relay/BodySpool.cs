namespace SmtpPortal.Relay;

/// <summary>
/// Where a message's body goes while it arrives: memory while it is small (it is then stored in
/// the database with its queue row, one fsync'd commit for both), a file of the queue folder once
/// it passes <see cref="InlineLimit"/> (fsync'd before the row is committed). Most of what apps
/// send — notifications, receipts, password resets — is a few kilobytes.
/// </summary>
public sealed class BodySpool(QueueFolder folder) : IAsyncDisposable
{
    public const int InlineLimit = 256 * 1024;

    private MemoryStream? _memory = new();
    private FileStream? _file;

    public string? FileName { get; private set; }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        if (_memory is not null && _memory.Length + data.Length > InlineLimit)
        {
            (FileName, _file) = folder.Create();
            await _file.WriteAsync(_memory.GetBuffer().AsMemory(0, (int)_memory.Length), ct);
            _memory = null;
        }
        if (_file is not null)
            await _file.WriteAsync(data, ct);
        else
            _memory!.Write(data.Span);
    }

    /// <summary>The body in memory (null when it went to a file), after making a file durable.</summary>
    public async Task<byte[]?> CompleteAsync(CancellationToken ct)
    {
        if (_file is null)
            return _memory!.ToArray();
        await _file.FlushAsync(ct);
        // The 250 after the final dot promises this file survives a crash or a power cut.
        _file.Flush(flushToDisk: true);
        await _file.DisposeAsync();
        _file = null;
        return null;
    }

    /// <summary>Throws away what was received (a refused or broken message).</summary>
    public void Discard()
    {
        _file?.Dispose();
        _file = null;
        folder.Delete(FileName);
        FileName = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_file is not null)
            await _file.DisposeAsync();
    }
}
