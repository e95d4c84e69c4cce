using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace SmtpPortal.Data;

/// <summary>
/// Whether a database already has every migration this program knows, read with one plain query
/// of EF Core's history table. EF Core's own MigrateAsync answers the same question only after
/// building the model twice (the current one and the migrations snapshot) and comparing them:
/// ~0.2 s of CPU at every start on a small server, for a check that finds nothing to do on all
/// starts but the first after an upgrade. See docs/decisions/0002-migrate-at-start-up.md.
/// </summary>
public static class SchemaVersion
{
    /// <summary>The ids of the migrations compiled into this program.</summary>
    public static IReadOnlySet<string> KnownMigrations { get; } = typeof(PortalDbContext).Assembly.GetTypes()
        .Where(type => type.GetCustomAttribute<DbContextAttribute>()?.ContextType == typeof(PortalDbContext))
        .Select(type => type.GetCustomAttribute<MigrationAttribute>()?.Id)
        .OfType<string>()
        .ToHashSet(StringComparer.Ordinal);

    public static async Task<bool> IsCurrentAsync(string connectionString, CancellationToken ct = default)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (!File.Exists(builder.DataSource))
            return false;
        // A one-off at start: read-only and outside the pool, so it leaves nothing open.
        builder.Mode = SqliteOpenMode.ReadOnly;
        builder.Pooling = false;
        await using var connection = new SqliteConnection(builder.ToString());
        await connection.OpenAsync(ct);
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsHistory'";
        if (await query.ExecuteScalarAsync(ct) is null)
            return false;

        query.CommandText = "SELECT MigrationId FROM __EFMigrationsHistory";
        var applied = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await query.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            applied.Add(reader.GetString(0));
        return KnownMigrations.IsSubsetOf(applied);
    }
}
