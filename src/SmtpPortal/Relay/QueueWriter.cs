using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using SmtpPortal.Data;

namespace SmtpPortal.Relay;

/// <summary>
/// Commits the queue's writes in groups, on a thread of its own. Every commit is fsync'd
/// (synchronous=FULL) and SQLite's calls block; taken one at a time on thread-pool threads, ten
/// apps' messages and four delivery connections' records cost a commit each and tie up the pool
/// while they wait for the disk. Here the writes that arrive while one commit runs go into the
/// next one together: each caller still gets its answer only after its own change is on disk.
/// </summary>
public sealed class QueueWriter : IDisposable
{
    private const int MaxBatch = 256;

    private readonly IDbContextFactory<PortalDbContext> _dbFactory;
    private readonly ILogger<QueueWriter> _logger;
    private readonly Channel<Write> _pending = Channel.CreateUnbounded<Write>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _gate = new();
    private Thread? _thread;

    public QueueWriter(IDbContextFactory<PortalDbContext> dbFactory, ILogger<QueueWriter> logger)
    {
        _dbFactory = dbFactory;
        _logger = logger;
    }

    /// <summary>Runs <paramref name="change"/> against the context of the next group commit (on
    /// the writer's thread; synchronous EF Core calls only) and completes once it is committed.</summary>
    public Task WriteAsync(Action<PortalDbContext> change)
    {
        EnsureStarted();
        var write = new Write(change);
        if (!_pending.Writer.TryWrite(write))
            throw new ObjectDisposedException(nameof(QueueWriter));
        return write.Done.Task;
    }

    private void EnsureStarted()
    {
        lock (_gate)
        {
            if (_thread is not null)
                return;
            _thread = new Thread(Run) { IsBackground = true, Name = "Relay queue writer" };
            _thread.Start();
        }
    }

    private void Run()
    {
        var batch = new List<Write>(MaxBatch);
        while (_pending.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var write))
                batch.Add(write);
            if (!TryCommit(batch))
            {
                // One bad change must not fail the others: commit each on its own to find it.
                foreach (var write in batch)
                    TryCommit([write]);
            }
        }
    }

    private bool TryCommit(List<Write> writes)
    {
        try
        {
            using var db = _dbFactory.CreateDbContext();
            foreach (var write in writes)
                write.Change(db);
            db.SaveChanges();
        }
        catch (Exception ex)
        {
            if (writes.Count == 1)
            {
                _logger.LogError(ex, "A relay queue write failed.");
                writes[0].Done.TrySetException(ex);
            }
            return false;
        }
        foreach (var write in writes)
            write.Done.TrySetResult();
        return true;
    }

    public void Dispose()
    {
        _pending.Writer.TryComplete();
        _thread?.Join(TimeSpan.FromSeconds(10));
    }

    private sealed record Write(Action<PortalDbContext> Change)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
