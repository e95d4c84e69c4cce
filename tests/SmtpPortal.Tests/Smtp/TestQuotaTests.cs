using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SmtpPortal.Data;
using SmtpPortal.History;
using SmtpPortal.Hosting;
using SmtpPortal.Security;
using SmtpPortal.Smtp;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Smtp;

/// <summary>The per-minute cap on tests, over a real SQLite file and a clock the test moves.</summary>
public sealed class TestQuotaTests : IDisposable
{
    private readonly TempFolder _data = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
    private readonly ServiceProvider _services;

    public TestQuotaTests()
    {
        _services = new ServiceCollection().AddLogging().AddSmtpPortalStorage(new DataDirectory(_data.Path)).BuildServiceProvider();
        _services.MigrateDatabaseAsync().GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        _services.Dispose();
        _data.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TestQuota Quota(int perMinute) => new(_services.GetRequiredService<IDbContextFactory<PortalDbContext>>(),
        Options.Create(new AdminSecurityOptions { TestSendsPerMinute = perMinute }), _clock);

    private static Requester Admin(string name) => Requester.Admin(new AuditActor(name, null));

    [Fact]
    public async Task EachRequesterGetsItsOwnMinuteAndTheWindowSlides()
    {
        using var quota = Quota(2);

        Assert.Null(await quota.TakeAsync(Admin("alice"), Ct));
        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Null(await quota.TakeAsync(Admin("alice"), Ct));
        // Refused: the first run leaves the window 30 seconds from now.
        Assert.Equal(TimeSpan.FromSeconds(30), await quota.TakeAsync(Admin("alice"), Ct));
        Assert.Null(await quota.TakeAsync(Admin("bob"), Ct));
        Assert.Null(await quota.TakeAsync(Requester.ApiToken(new AuditActor("api:deploy", null), "7"), Ct));

        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Null(await quota.TakeAsync(Admin("alice"), Ct));
        Assert.Equal(TimeSpan.FromSeconds(30), await quota.TakeAsync(Admin("alice"), Ct));
    }

    [Fact]
    public async Task RunsRecordedBeforeAStartCountSoSeparateCommandLineRunsShareTheCap()
    {
        await using (var db = await _services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct))
        {
            db.TestRuns.Add(new TestRun { AdminName = "cli:root", StartedAt = _clock.GetUtcNow().AddSeconds(-70) });
            db.TestRuns.Add(new TestRun { AdminName = "cli:root", StartedAt = _clock.GetUtcNow().AddSeconds(-20) });
            db.TestRuns.Add(new TestRun { AdminName = "cli:root", StartedAt = _clock.GetUtcNow().AddSeconds(-10) });
            await db.SaveChangesAsync(Ct);
        }
        using var quota = Quota(3);
        var cli = Requester.CommandLine(new AuditActor("cli:root", null));

        Assert.Null(await quota.TakeAsync(cli, Ct));
        Assert.Equal(TimeSpan.FromSeconds(40), await quota.TakeAsync(cli, Ct));
    }
}
