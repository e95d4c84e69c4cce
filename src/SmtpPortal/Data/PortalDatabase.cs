using Microsoft.Data.Sqlite;
using SmtpPortal.Hosting;

namespace SmtpPortal.Data;

/// <summary>
/// The SQLite database in the data directory and how the portal connects to it: through
/// Microsoft.Data.Sqlite's connection pool, so a context does not pay for opening the file,
/// creating and deleting the WAL and shared-memory files and checkpointing on every close (see
/// docs/decisions/0021-sqlite-connections.md). Every commit stays durable (WAL, synchronous=FULL).
/// Disposed with the app's services: the pooled connections close, SQLite checkpoints the WAL into
/// the database file, and a stopped portal leaves one self-contained smtpportal.db.
/// </summary>
public sealed class PortalDatabase(DataDirectory data) : IDisposable
{
    public string ConnectionString { get; } =
        new SqliteConnectionStringBuilder { DataSource = data.DatabaseFile, Pooling = true }.ToString();

    /// <summary>Closes the idle pooled connections now; one in use closes when it is returned.
    /// Call it when the database file's content was replaced underneath (a restore).</summary>
    public void CloseIdleConnections()
    {
        using var connection = new SqliteConnection(ConnectionString);
        SqliteConnection.ClearPool(connection);
    }

    public void Dispose() => CloseIdleConnections();
}
