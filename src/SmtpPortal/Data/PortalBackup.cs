using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SmtpPortal.History;
using SmtpPortal.Hosting;

namespace SmtpPortal.Data;

/// <summary>
/// A backup is a zip of a consistent copy of the database (SQLite's VACUUM INTO, safe while the
/// portal runs) and the key ring files. Restore copies the database back with SQLite's online
/// backup API (one step, no half-written file) and adds the backup's keys to the key ring.
/// See docs/backup-and-restore.md. The file can decrypt the SMTP password: guard it like one.
/// The connections opened here are one-offs outside the pool: the copies they touch are deleted
/// right after, and the pooled connections are closed once the live database was replaced.
/// </summary>
public sealed partial class PortalBackup(
    DataDirectory data, PortalDatabase database, IDbContextFactory<PortalDbContext> dbFactory, AuditLog audit, TimeProvider time)
{
    public const string DatabaseEntry = "smtpportal.db";
    public const string KeysFolder = "keys/";
    private const long MaxDatabaseBytes = 200L * 1024 * 1024;

    public string FileName() => $"smtpportal-backup-{time.GetUtcNow():yyyyMMdd-HHmmss}.zip";

    public async Task WriteAsync(Stream output, AuditActor actor, CancellationToken ct = default)
    {
        await audit.RecordAsync(AuditAction.BackupDownloaded, actor, AuditText.Of("BackupDownloaded"));
        var copy = Path.Combine(data.Path, $"backup-{Guid.NewGuid():n}.tmp");
        try
        {
            await using (var connection = new SqliteConnection($"Data Source={data.DatabaseFile};Pooling=False"))
            {
                await connection.OpenAsync(ct);
                await using var vacuum = connection.CreateCommand();
                vacuum.CommandText = "VACUUM INTO $path";
                vacuum.Parameters.AddWithValue("$path", copy);
                await vacuum.ExecuteNonQueryAsync(ct);
            }
            using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
            await zip.CreateEntryFromFileAsync(copy, DatabaseEntry, CompressionLevel.Optimal, ct);
            foreach (var key in Directory.EnumerateFiles(data.KeysDirectory, "*.xml"))
                await zip.CreateEntryFromFileAsync(key, KeysFolder + Path.GetFileName(key), CompressionLevel.Optimal, ct);
        }
        finally
        {
            File.Delete(copy);
        }
    }

    /// <summary>Replaces the database with the backup's and adds its keys. Nothing changes when
    /// the upload is not a SmtpPortal backup.</summary>
    public async Task<RestoreOutcome> RestoreAsync(Stream upload, AuditActor actor, CancellationToken ct = default)
    {
        var staged = Path.Combine(data.Path, $"restore-{Guid.NewGuid():n}.tmp");
        try
        {
            List<(string Name, byte[] Xml)> keys;
            try
            {
                using var zip = new ZipArchive(upload, ZipArchiveMode.Read, leaveOpen: true);
                var database = zip.GetEntry(DatabaseEntry);
                if (database is null)
                    return RestoreOutcome.NoDatabase;
                if (database.Length > MaxDatabaseBytes)
                    return RestoreOutcome.TooLarge;
                await database.ExtractToFileAsync(staged, overwrite: false, ct);
                keys = await ReadKeysAsync(zip, ct);
            }
            catch (InvalidDataException)
            {
                return RestoreOutcome.NotAZip;
            }
            if (!await IsPortalDatabaseAsync(staged, ct))
                return RestoreOutcome.Damaged;

            // Keys first: a restored database whose keys are missing would ask for the password again.
            foreach (var (name, xml) in keys)
            {
                var target = Path.Combine(data.KeysDirectory, name);
                if (!File.Exists(target))
                    await WriteOwnerOnlyAsync(target, xml, ct);
            }
            await using (var source = new SqliteConnection($"Data Source={staged};Mode=ReadOnly;Pooling=False"))
            await using (var live = new SqliteConnection($"Data Source={data.DatabaseFile};Pooling=False"))
            {
                await source.OpenAsync(ct);
                await live.OpenAsync(ct);
                source.BackupDatabase(live);
            }
            // SQLite's other connections would notice the new content, but none opened before the
            // restore is reused after it.
            database.CloseIdleConnections();
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
                await db.Database.MigrateAsync(ct);
            await audit.RecordAsync(AuditAction.BackupRestored, actor, AuditText.Of("BackupRestored", keys.Count.ToString(CultureInfo.InvariantCulture)));
            return RestoreOutcome.Restored;
        }
        finally
        {
            File.Delete(staged);
        }
    }

    private static async Task<List<(string, byte[])>> ReadKeysAsync(ZipArchive zip, CancellationToken ct)
    {
        var keys = new List<(string, byte[])>();
        // Only key files by their exact name pattern: no path in the archive can point elsewhere.
        foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith(KeysFolder, StringComparison.Ordinal)))
        {
            var name = entry.FullName[KeysFolder.Length..];
            if (!KeyFileName().IsMatch(name) || entry.Length > 64 * 1024)
                continue;
            await using var stream = await entry.OpenAsync(ct);
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, ct);
            keys.Add((name, buffer.ToArray()));
        }
        return keys;
    }

    private static async Task WriteOwnerOnlyAsync(string file, byte[] contents, CancellationToken ct)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using var stream = new FileStream(file, options);
        await stream.WriteAsync(contents, ct);
    }

    private static async Task<bool> IsPortalDatabaseAsync(string file, CancellationToken ct)
    {
        try
        {
            await using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
            await connection.OpenAsync(ct);
            await using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA integrity_check";
            if (await check.ExecuteScalarAsync(ct) as string != "ok")
                return false;
            check.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('SmtpSettings', '__EFMigrationsHistory')";
            return Convert.ToInt64(await check.ExecuteScalarAsync(ct)) == 2;
        }
        catch (SqliteException)
        {
            return false;
        }
    }


    [GeneratedRegex("^key-[0-9a-fA-F-]{36}\\.xml$")]
    private static partial Regex KeyFileName();
}

public enum RestoreOutcome
{
    Restored,
    NoFile,
    NotAZip,
    NoDatabase,
    TooLarge,
    Damaged,
}

/// <summary>What the Backup page says about a restore, in the UI language (keys are the outcomes' names).</summary>
public static class RestoreOutcomeText
{
    private static readonly Microsoft.Extensions.Localization.IStringLocalizer L =
        Localization.StaticLocalizer.For(typeof(RestoreOutcomeText));

    public static string Describe(this RestoreOutcome outcome) => L[outcome.ToString()];
}
