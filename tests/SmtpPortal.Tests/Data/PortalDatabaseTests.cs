using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SmtpPortal.Data;
using SmtpPortal.History;
using SmtpPortal.Hosting;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Data;

/// <summary>The portal's pooled SQLite connections (decision 21): running storage keeps its
/// write-ahead log, stopped storage leaves a single database file that holds every save, and a
/// restore is what the very next read sees.</summary>
public sealed class PortalDatabaseTests : IDisposable
{
    private static readonly AuditActor Admin = new("admin", "192.0.2.9");
    private readonly TempFolder _data = new();
    private readonly TempFolder _other = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Database => Path.Combine(_data.Path, "smtpportal.db");

    public void Dispose()
    {
        _data.Dispose();
        _other.Dispose();
    }

    private static SmtpSettingsInput Input(string host) => new()
    {
        PresetId = "custom",
        Host = host,
        Port = 587,
        Security = SecurityMode.StartTls,
        Username = "mailer",
        Password = "a secret",
        FromAddress = "portal@example.test",
    };

    [Fact]
    public async Task StoppedStorageLeavesOneDatabaseFileThatHoldsEverySave()
    {
        // The portal's own registrations; the web host disposes them the same way when it stops.
        await using (var services = new ServiceCollection().AddLogging().AddSmtpPortalStorage(new DataDirectory(_data.Path)).AddSmtpSending().BuildServiceProvider())
        {
            await services.MigrateDatabaseAsync();
            Assert.True((await services.GetRequiredService<SmtpSettingsStore>().SaveAsync(Input("kept.example.com"), null, Ct)).Succeeded);
            // The pooled connections stay open: the save sits in the write-ahead log, synced to disk.
            Assert.True(File.Exists(Database + "-wal"), "running storage keeps its write-ahead log");
        }

        Assert.False(File.Exists(Database + "-wal"), "stopping folds the log into the database file");
        Assert.False(File.Exists(Database + "-shm"));
        var copy = Path.Combine(_other.Path, "smtpportal.db");
        File.Copy(Database, copy);
        await using var connection = new SqliteConnection($"Data Source={copy};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(Ct);
        await using var read = connection.CreateCommand();
        read.CommandText = "SELECT Host FROM SmtpSettings";
        Assert.Equal("kept.example.com", await read.ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task ARestoreOverLiveSettingsIsWhatTheNextReadAndSaveSee()
    {
        using var backup = new MemoryStream();
        await using (var original = new PortalFactory(_other.Path))
        {
            Assert.True((await original.Get<SmtpSettingsStore>().SaveAsync(Input("backup.example.com"), null, Ct)).Succeeded);
            await original.Get<PortalBackup>().WriteAsync(backup, Admin, Ct);
        }

        await using var portal = new PortalFactory(_data.Path);
        var store = portal.Get<SmtpSettingsStore>();
        Assert.True((await store.SaveAsync(Input("live.example.com"), null, Ct)).Succeeded);
        Assert.Equal("live.example.com", (await store.GetAsync(Ct))!.Host);
        backup.Position = 0;

        Assert.Equal(RestoreOutcome.Restored, await portal.Get<PortalBackup>().RestoreAsync(backup, Admin, Ct));

        var restored = await store.GetAsync(Ct);
        Assert.Equal("backup.example.com", restored!.Host);
        var renamed = Input("backup.example.com");
        renamed.FromName = "After restore";
        Assert.True((await store.SaveAsync(renamed, restored.Revision, Ct)).Succeeded);
        Assert.Equal("After restore", (await store.GetAsync(Ct))!.FromName);
    }
}
