using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SmtpPortal.Data;
using SmtpPortal.History;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.History;

public sealed class AuditLogTests : IAsyncLifetime
{
    private static readonly AuditActor Alice = new("alice", "192.0.2.1");
    private static readonly AuditActor Bob = new("bob", "198.51.100.2");
    private readonly TempFolder _data = new();
    private PortalFactory _portal = default!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _portal = new PortalFactory(_data.Path);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _portal.DisposeAsync();
        _data.Dispose();
    }

    private SmtpSettingsStore Store => _portal.Get<SmtpSettingsStore>();

    private static SmtpSettingsInput Input(string host = "smtp.example.com", string? password = "first secret") => new()
    {
        Host = host, Port = 587, Security = SecurityMode.StartTls, Username = "mailer",
        Password = password, FromAddress = "server@example.com",
    };

    [Fact]
    public async Task ASaveRecordsWhoFromWhereAndEachChangedFieldWithOldAndNewValues()
    {
        var first = await Store.SaveAsync(Input(), null, Alice, Ct);
        var changed = Input(host: "mail.example.org", password: "second secret");
        changed.FromName = "Ops";
        await Store.SaveAsync(changed, first.Settings!.Revision, Bob, Ct);

        var latest = (await _portal.Get<AuditLog>().FindAsync(new AuditFilter(), Ct))[0];

        Assert.Equal(("bob", "198.51.100.2", AuditAction.SettingsSaved), (latest.Actor, latest.RemoteAddress, latest.Action));
        Assert.Equal("Host, Password, From name", latest.Fields);
        Assert.Equal("Host: smtp.example.com → mail.example.org; password changed; From name: (empty) → Ops", latest.Details);
        Assert.DoesNotContain("secret", latest.Details);
    }

    [Fact]
    public async Task TheSecondOfTwoConcurrentSavesIsToldWhoChangedWhatAndNothingIsOverwritten()
    {
        var loaded = await Store.SaveAsync(Input(), null, Alice, Ct);
        var revisionBothLoaded = loaded.Settings!.Revision;
        await Store.SaveAsync(Input(host: "mail.example.org", password: "rotated"), revisionBothLoaded, Alice, Ct);

        var mine = Input(password: null);
        mine.FromName = "Bob's change";
        var result = await Store.SaveAsync(mine, revisionBothLoaded, Bob, Ct);

        Assert.True(result.IsConflict);
        var meanwhile = Assert.Single(result.ChangedMeanwhile!);
        Assert.Equal("alice", meanwhile.Actor);
        Assert.Equal("Host: smtp.example.com → mail.example.org; password changed", meanwhile.Details);
        var stored = await Store.GetAsync(Ct);
        Assert.Equal("mail.example.org", stored!.Host);
        Assert.Null(stored.FromName);
    }

    [Fact]
    public async Task FiltersNarrowByActionTextAndTime()
    {
        // Nothing listens there: the test email fails at once, as a History entry.
        var closed = Input("127.0.0.1");
        closed.Port = LocalSmtpServer.FreePort();
        var saved = await Store.SaveAsync(closed, null, Alice, Ct);
        await _portal.Get<TestEmailService>().SendAsync("someone@example.test", Requester.Admin(Bob), null, Ct);
        var log = _portal.Get<AuditLog>();

        Assert.Equal(2, (await log.FindAsync(new AuditFilter(), Ct)).Count);
        Assert.Equal(AuditAction.TestFailed, Assert.Single(await log.FindAsync(new AuditFilter(AuditAction.TestFailed), Ct)).Action);
        Assert.Equal("alice", Assert.Single(await log.FindAsync(new AuditFilter(Text: "192.0.2.1"), Ct)).Actor);
        Assert.Equal("bob", Assert.Single(await log.FindAsync(new AuditFilter(Text: "bob"), Ct)).Actor);
        var savedAt = saved.Settings!.UpdatedAt;
        Assert.Empty(await log.FindAsync(new AuditFilter(From: savedAt.AddDays(1)), Ct));
        Assert.Empty(await log.FindAsync(new AuditFilter(To: savedAt.AddDays(-1)), Ct));
        Assert.Equal(2, (await log.FindAsync(new AuditFilter(From: savedAt.AddMinutes(-1), To: savedAt.AddDays(1)), Ct)).Count);
    }

    [Fact]
    public async Task EntriesCanBeNeitherChangedNorDeletedThroughEfCoreOrSql()
    {
        await Store.SaveAsync(Input(), null, Alice, Ct);
        var dbFactory = _portal.Get<IDbContextFactory<PortalDbContext>>();

        await using (var db = await dbFactory.CreateDbContextAsync(Ct))
        {
            var entry = await db.AuditEntries.SingleAsync(Ct);
            entry.Actor = "someone else";
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync(Ct));
        }
        await using (var db = await dbFactory.CreateDbContextAsync(Ct))
        {
            db.AuditEntries.Remove(await db.AuditEntries.SingleAsync(Ct));
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync(Ct));
            var update = await Assert.ThrowsAsync<SqliteException>(() =>
                db.Database.ExecuteSqlRawAsync("UPDATE AuditEntries SET Actor = 'x'", Ct));
            Assert.Contains("append-only", update.Message);
            await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM AuditEntries", Ct));
        }
        await using (var db = await dbFactory.CreateDbContextAsync(Ct))
            Assert.Equal("alice", (await db.AuditEntries.SingleAsync(Ct)).Actor);
    }
}
