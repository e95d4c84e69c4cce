using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmtpPortal.Data;
using SmtpPortal.Hosting;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Data;

/// <summary>The start-up schema check must agree with EF Core: a database it calls current has
/// every migration, and anything else gets EF Core's MigrateAsync.</summary>
public sealed class SchemaVersionTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly TempFolder _folder = new();
    private readonly DataDirectory _data;
    private readonly ServiceProvider _services;

    public SchemaVersionTests()
    {
        _data = new DataDirectory(_folder.Path);
        _services = new ServiceCollection().AddLogging().AddSmtpPortalStorage(_data).BuildServiceProvider();
    }

    public void Dispose()
    {
        _services.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task KnowsTheSameMigrationsAsEfCore()
    {
        await using var db = await Db().CreateDbContextAsync(Ct);

        Assert.Equal(db.Database.GetMigrations().Order(), SchemaVersion.KnownMigrations.Order());
        Assert.NotEmpty(SchemaVersion.KnownMigrations);
    }

    [Fact]
    public async Task AMissingOrEmptyDatabaseIsNotCurrent()
    {
        Assert.False(await SchemaVersion.IsCurrentAsync(ConnectionString, Ct));
        Assert.False(File.Exists(_data.DatabaseFile)); // the check never creates the file

        await File.WriteAllBytesAsync(_data.DatabaseFile, [], Ct);
        Assert.False(await SchemaVersion.IsCurrentAsync(ConnectionString, Ct));
    }

    [Fact]
    public async Task AMigratedDatabaseIsCurrentAndOneMissingAMigrationIsNot()
    {
        await _services.MigrateDatabaseAsync();
        Assert.True(await SchemaVersion.IsCurrentAsync(ConnectionString, Ct));

        await using (var connection = new SqliteConnection(ConnectionString))
        {
            await connection.OpenAsync(Ct);
            await using var forget = connection.CreateCommand();
            forget.CommandText = "DELETE FROM __EFMigrationsHistory WHERE MigrationId = (SELECT max(MigrationId) FROM __EFMigrationsHistory)";
            Assert.Equal(1, await forget.ExecuteNonQueryAsync(Ct));
        }
        Assert.False(await SchemaVersion.IsCurrentAsync(ConnectionString, Ct));
        await using var db = await Db().CreateDbContextAsync(Ct);
        Assert.Single(await db.Database.GetPendingMigrationsAsync(Ct));
    }

    private string ConnectionString => _services.GetRequiredService<PortalDatabase>().ConnectionString;

    private IDbContextFactory<PortalDbContext> Db() => _services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
}
