using SmtpPortal.Alerts;
using SmtpPortal.Fallback;
using SmtpPortal.History;
using SmtpPortal.Relay;
using SmtpPortal.Tests.Relay;
using SmtpPortal.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using SmtpPortal.Data;

namespace SmtpPortal.Tests.Fallback;

/// <summary>When the main provider stops taking mail, the relay's mail goes on through the
/// fallback, the admin hears of it once on their chat channel, and the main provider takes the
/// mail back when it works again; the History tells the whole story.</summary>
public sealed class FallbackFailoverTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AMainProviderThatRefusesTheLoginAlertsOnceWhileMailGoesOnThroughTheFallbackAndComesBackWhenItWorks()
    {
        await using var bed = await FallbackTestBed.StartAsync();
        var check = bed.Relay.Get<ScheduledCheck>();
        await bed.SendThroughRelayAsync(1, "Before");
        await bed.Main.WaitForMessagesAsync(1);

        var storyStart = await LastHistoryIdAsync(bed.Relay);
        // The provider revoked the app password: the stored one is now wrong.
        bed.Main.AcceptedPasswords.Clear();
        Assert.False((await check.RunAsync(Ct))!.Outcome.Succeeded);

        var (title, text) = Assert.Single(bed.Alerts);
        Assert.Equal("Scheduled check failed: the main provider is out, mail goes through the fallback", title);
        Assert.Contains($"The scheduled check could not log in to 127.0.0.1:{bed.Main.Port}: the server refused the login", text);
        Assert.Contains($"Meanwhile the relay delivers the apps' mail through the fallback provider 127.0.0.1:{bed.Fallback.Port}; nothing queued is lost.", text);
        Assert.DoesNotContain("is not sent", text);
        Assert.Equal(ProviderRoute.Fallback, (await bed.Relay.Get<FallbackProviderStore>().GetAsync(Ct))!.InUse ? ProviderRoute.Fallback : ProviderRoute.Main);

        await bed.SendThroughRelayAsync(3, "During");
        await bed.Fallback.WaitForMessagesAsync(3);
        Assert.Equal(["During 1", "During 2", "During 3"], bed.Fallback.Messages.Select(m => m.Subject).Order());
        Assert.Single(bed.Main.Messages);
        await bed.Relay.WaitForLogAsync(log => log.Count(m => m.Status == RelayMessageStatus.Delivered) == 4, "four delivered messages");

        // The next scheduled check fails again: no second alert.
        bed.Relay.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.False((await check.RunAsync(Ct))!.Outcome.Succeeded);
        Assert.Single(bed.Alerts);

        // The admin fixes it (here: the provider takes the password again); the next check passes.
        bed.Main.AcceptedPasswords[LocalSmtpServer.Password] = true;
        Assert.True((await check.RunAsync(Ct))!.Outcome.Succeeded);
        Assert.Equal(
            ["Scheduled check failed: the main provider is out, mail goes through the fallback",
             "Mail goes through the main provider again", "Scheduled check passed again: mail is going out"],
            bed.Alerts.Select(a => a.Title));
        Assert.StartsWith($"The main provider 127.0.0.1:{bed.Main.Port} works again: the relay delivers through it again. " +
            $"The fallback provider 127.0.0.1:{bed.Fallback.Port} carried the mail meanwhile.", bed.Alerts[1].Text);

        await bed.SendThroughRelayAsync(1, "After");
        await bed.Main.WaitUntilAsync(m => m.Any(x => x.Subject == "After 1"), "the message sent after the recovery");
        Assert.Equal(3, bed.Fallback.Messages.Count);

        var story = await StoryAsync(bed.Relay, storyStart);
        Assert.Equal(
            [AuditAction.ConnectionCheckFailed, AuditAction.SwitchedToFallback, AuditAction.AlertSent,
             AuditAction.ConnectionCheckFailed, AuditAction.ConnectionChecked, AuditAction.SwitchedToMain, AuditAction.AlertSent, AuditAction.AlertSent],
            story.Select(e => e.Action));
        var switched = story[1];
        Assert.Equal("relay", switched.Actor);
        Assert.Contains($"The main provider 127.0.0.1:{bed.Main.Port} refused the login:", switched.Details);
        Assert.Contains($"The relay now delivers through 127.0.0.1:{bed.Fallback.Port}.", switched.Details);
        Assert.StartsWith($"The scheduled check of the main provider 127.0.0.1:{bed.Main.Port} passed", story[5].Details);
    }

    [Fact]
    public async Task AWrongPasswordPlantedInTheSettingsMakesOneAlertTheMailArrivesThroughTheFallbackAndHistoryTellsTheStory()
    {
        await using var bed = await FallbackTestBed.StartAsync();
        var store = bed.Relay.Get<SmtpPortal.Settings.SmtpSettingsStore>();
        var storyStart = await LastHistoryIdAsync(bed.Relay);
        var planted = LocalSettings.For(bed.Main, password: "a wrong password");
        Assert.True((await store.SaveAsync(planted, (await store.GetAsync(Ct))!.Revision, RelayTestBed.Admin, Ct)).Succeeded);
        // The relay notices the change at its next turn.
        bed.Relay.Clock.Advance(TimeSpan.FromSeconds(5));

        await bed.SendThroughRelayAsync(2, "Planted");
        await bed.Fallback.WaitForMessagesAsync(2);
        await bed.Relay.WaitForLogAsync(log => log.Count(m => m.Status == RelayMessageStatus.Delivered) == 2, "both delivered");
        Assert.Empty(bed.Main.Messages);

        // The daily check comes round and fails too: the admin already knows, no second alert.
        Assert.False((await bed.Relay.Get<ScheduledCheck>().RunAsync(Ct))!.Outcome.Succeeded);
        var (title, text) = Assert.Single(bed.Alerts);
        Assert.Equal("Mail now goes through the fallback provider", title);
        Assert.StartsWith($"The main provider 127.0.0.1:{bed.Main.Port} failed: the server refused the login (wrong, expired or revoked password or app password). " +
            $"The relay now delivers the server's mail through the fallback provider 127.0.0.1:{bed.Fallback.Port}; nothing queued is lost.", text);
        Assert.DoesNotContain("a wrong password", string.Concat(bed.Receiver.Requests.Select(r => r.Text)));

        var story = await StoryAsync(bed.Relay, storyStart);
        Assert.Equal(
            [AuditAction.SettingsSaved, AuditAction.SwitchedToFallback, AuditAction.AlertSent, AuditAction.ConnectionCheckFailed],
            story.Select(e => e.Action));
    }

    [Fact]
    public async Task AnUnreachableMainProviderHandsOverOnlyAfterTheConfiguredTimeAndNothingQueuedIsLost()
    {
        await using var bed = await FallbackTestBed.StartAsync(switchAfterMinutes: 10);
        // The main provider goes away: its port refuses connections from now on.
        await bed.Main.DisposeAsync();

        await bed.SendThroughRelayAsync(2, "Queued");
        await bed.Relay.WaitForLogAsync(log => log.Count(m => m.Status == RelayMessageStatus.Deferred) == 2, "two deferred messages");
        Assert.Empty(bed.Fallback.Messages);
        Assert.Equal(ProviderRoute.Main, bed.Relay.Get<ProviderFailover>().Route);
        Assert.Empty(bed.Alerts);

        // Five minutes on: still within the ten the admin allowed, so still waiting for the main provider.
        await AdvanceAndLetTheRelayLookAsync(bed, TimeSpan.FromMinutes(5));
        Assert.Equal(ProviderRoute.Main, bed.Relay.Get<ProviderFailover>().Route);
        Assert.Empty(bed.Fallback.Messages);

        // On past the ten minutes, a minute at a time until both arrived: a turn of the relay's loop
        // that began before the clock's last move waits on the fake clock for the next one.
        for (var minutes = 5; minutes < 60 && bed.Fallback.Messages.Count < 2; minutes++)
            await AdvanceAndLetTheRelayLookAsync(bed, TimeSpan.FromMinutes(1));
        await bed.Fallback.WaitForMessagesAsync(2);
        await bed.Relay.WaitForLogAsync(log => log.Count(m => m.Status == RelayMessageStatus.Delivered) == 2, "both delivered through the fallback");

        var (title, text) = Assert.Single(bed.Alerts);
        Assert.Equal("Mail now goes through the fallback provider", title);
        Assert.StartsWith($"The main provider 127.0.0.1:{bed.Main.Port} failed: the connection was refused (port closed or blocked by a firewall). " +
            $"The relay now delivers the server's mail through the fallback provider 127.0.0.1:{bed.Fallback.Port}; nothing queued is lost.", text);
        var switched = Assert.Single(await AuditTable.EntriesAsync(bed.Relay.Get<IDbContextFactory<PortalDbContext>>(), AuditAction.SwitchedToFallback));
        Assert.Contains("has been failing since 2026-12-06 10:00 UTC", switched.Details);
        Assert.True(switched.At >= bed.Relay.Clock.Start + TimeSpan.FromMinutes(10), $"switched at {switched.At:u}, before the ten minutes were up");
    }

    [Fact]
    public async Task WithTheRelayOffAFailedCheckSwitchesNothingAndSaysMailIsNotSent()
    {
        await using var bed = await FallbackTestBed.StartAsync();
        await bed.Relay.Get<RelayStateStore>().SetEnabledAsync(false, RelayTestBed.Admin, Ct);
        bed.Main.AcceptedPasswords.Clear();

        Assert.False((await bed.Relay.Get<ScheduledCheck>().RunAsync(Ct))!.Outcome.Succeeded);

        var (title, text) = Assert.Single(bed.Alerts);
        Assert.Equal("Scheduled check failed: this server's mail is not going out", title);
        Assert.Contains("Until then, mail from this server is not sent.", text);
        Assert.False((await bed.Relay.Get<FallbackProviderStore>().GetAsync(Ct))!.InUse);
    }

    [Fact]
    public async Task RemovingTheFallbackWhileItCarriesTheMailGivesTheMailBackToTheMainProvider()
    {
        await using var bed = await FallbackTestBed.StartAsync();
        bed.Main.AcceptedPasswords.Clear();
        await bed.Relay.Get<ScheduledCheck>().RunAsync(Ct);
        Assert.True((await bed.Relay.Get<FallbackProviderStore>().GetAsync(Ct))!.InUse);

        Assert.True(await bed.Relay.Get<FallbackProviderStore>().RemoveAsync(RelayTestBed.Admin, Ct));
        await bed.Relay.Get<ProviderFailover>().RefreshAsync(await bed.Relay.Get<SmtpPortal.Settings.SmtpSettingsStore>().GetAsync(Ct), null, Ct);

        Assert.Equal(ProviderRoute.Main, bed.Relay.Get<ProviderFailover>().Route);
        var removed = Assert.Single(await AuditTable.EntriesAsync(bed.Relay.Get<IDbContextFactory<PortalDbContext>>(), AuditAction.FallbackRemoved));
        Assert.Contains("it carried the relay's mail, the main provider carries it again", removed.Details);
    }

    /// <summary>Moves the clock and waits until the relay's loop has run its housekeeping at the new time.</summary>
    private static async Task AdvanceAndLetTheRelayLookAsync(FallbackTestBed bed, TimeSpan by)
    {
        var updates = bed.Relay.Get<SendLogUpdates>();
        for (var moved = TimeSpan.Zero; moved < by; moved += TimeSpan.FromMinutes(1))
        {
            var next = updates.Next;
            bed.Relay.Clock.Advance(TimeSpan.FromMinutes(1));
            // Each minute wakes the loop; a due message is tried, which the send log announces.
            await Task.WhenAny(next, Task.Delay(TimeSpan.FromMilliseconds(300), Ct));
        }
    }

    /// <summary>What the History says after entry <paramref name="afterId"/>, without the apps' logins the test creates to send.</summary>
    private static async Task<List<AuditEntry>> StoryAsync(RelayTestBed bed, long afterId)
    {
        await using var db = await bed.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        return await db.AuditEntries.AsNoTracking()
            .Where(e => e.Id > afterId && e.Action != AuditAction.RelayAppCreated).OrderBy(e => e.Id).ToListAsync(Ct);
    }

    private static async Task<long> LastHistoryIdAsync(RelayTestBed bed)
    {
        await using var db = await bed.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        return await db.AuditEntries.MaxAsync(e => e.Id, Ct);
    }
}
