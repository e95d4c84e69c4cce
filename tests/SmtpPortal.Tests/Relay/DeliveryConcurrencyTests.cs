using SmtpPortal.Relay;
using SmtpPortal.Relay.Delivery;
using SmtpPortal.Settings;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Relay;

/// <summary>How many connections to the provider the relay uses: four to start, more while a burst
/// waits and the provider takes them, never more than it takes.</summary>
public sealed class DeliveryConcurrencyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void ABurstGainsOneConnectionEachTimeAsManyMessagesAsConnectionsWereDelivered()
    {
        var concurrency = new DeliveryConcurrency(most: 6);
        Assert.Equal(4, concurrency.Allowed);

        for (var i = 0; i < 3; i++)
            concurrency.Delivered(moreWaiting: true);
        Assert.Equal(4, concurrency.Allowed);
        concurrency.Delivered(moreWaiting: true);
        Assert.Equal(5, concurrency.Allowed);
        for (var i = 0; i < 5; i++)
            concurrency.Delivered(moreWaiting: true);
        Assert.Equal(6, concurrency.Allowed);
        for (var i = 0; i < 20; i++)
            concurrency.Delivered(moreWaiting: true);
        Assert.Equal(6, concurrency.Allowed);
        Assert.True(concurrency.MayDeliver(5));
        Assert.False(concurrency.MayDeliver(6));
    }

    [Fact]
    public void NothingWaitingOpensNoMoreConnections()
    {
        var concurrency = new DeliveryConcurrency(most: 20);
        for (var i = 0; i < 100; i++)
            concurrency.Delivered(moreWaiting: false);
        Assert.Equal(4, concurrency.Allowed);
    }

    [Fact]
    public void ARefusedConnectionKeepsTheBurstAtTheConnectionsThatWorkUntilItIsOver()
    {
        var concurrency = new DeliveryConcurrency(most: 20);
        concurrency.Refused(open: 3);
        Assert.Equal(3, concurrency.Allowed);
        for (var i = 0; i < 50; i++)
            concurrency.Delivered(moreWaiting: true);
        Assert.Equal(3, concurrency.Allowed);

        concurrency.Reset();
        Assert.Equal(4, concurrency.Allowed);
        for (var i = 0; i < 4; i++)
            concurrency.Delivered(moreWaiting: true);
        Assert.Equal(5, concurrency.Allowed);
    }

    [Fact]
    public void AnOperatorsLimitBelowFourIsTheStart()
    {
        var concurrency = new DeliveryConcurrency(most: 2);
        Assert.Equal(2, concurrency.Allowed);
        concurrency.Delivered(moreWaiting: true);
        concurrency.Delivered(moreWaiting: true);
        Assert.Equal(2, concurrency.Allowed);
    }

    [Fact]
    public async Task AWaitingWorkerGetsItsTurnWhenTheBurstGrows()
    {
        var concurrency = new DeliveryConcurrency(most: 6);
        var fifth = concurrency.WaitForTurnAsync(4, Ct);
        Assert.False(fifth.IsCompleted);
        for (var i = 0; i < 4; i++)
            concurrency.Delivered(moreWaiting: true);
        await fifth.WaitAsync(TimeSpan.FromSeconds(10), Ct);
    }

    [Fact]
    public async Task ABacklogIsDeliveredOverMoreConnectionsThanTheRelayStartsWith()
    {
        await using var bed = await BacklogAsync(messages: 40);

        await bed.FixPasswordAsync();

        var log = await bed.Bed.WaitForLogAsync(l => l.All(m => m.Status == RelayMessageStatus.Delivered), "all 40 delivered");
        Assert.Equal(40, log.Count);
        Assert.Equal(40, bed.Bed.Provider.Messages.Select(m => m.Subject).Distinct().Count());
        Assert.True(bed.Bed.Provider.MostSessions > DeliveryConcurrency.StartConnections,
            $"The provider saw at most {bed.Bed.Provider.MostSessions} connections at once.");
    }

    [Fact]
    public async Task AProviderThatTakesTwoConnectionsGetsTwoAndEveryMessageOnce()
    {
        await using var bed = await BacklogAsync(messages: 20);
        bed.Bed.Provider.SessionLimit = 2;

        await bed.FixPasswordAsync();

        var log = await bed.Bed.WaitForLogAsync(l => l.All(m => m.Status == RelayMessageStatus.Delivered), "all 20 delivered");
        Assert.Equal(20, bed.Bed.Provider.Messages.Count);
        Assert.Equal(20, bed.Bed.Provider.Messages.Select(m => m.Subject).Distinct().Count());
        // The refused connections were no attempt of any message's: one attempt each, and the one
        // that found the wrong password.
        Assert.Equal(log.Count + 1, log.Sum(m => m.Attempts));
        Assert.Contains(bed.Bed.Logs.Lines, line => line.Contains("refused one more connection", StringComparison.Ordinal)
            && line.Contains("keeps to 2", StringComparison.Ordinal));
    }

    /// <summary>Messages the relay accepted while the provider refused its password: all of them
    /// are due at once when the admin fixes it, as after any outage.</summary>
    private static async Task<Backlog> BacklogAsync(int messages)
    {
        var bed = await RelayTestBed.StartAsync(saveSettings: false);
        var store = bed.Get<SmtpSettingsStore>();
        Assert.True((await store.SaveAsync(LocalSettings.For(bed.Provider, password: "an expired password"), null, Ct)).Succeeded);
        var (app, secret) = await bed.CreateAppAsync();
        using (var client = await bed.ConnectAsync(app.UserName, secret))
        {
            for (var i = 0; i < messages; i++)
                await client.SendAsync(RelayTestBed.Message(subject: $"backlog {i}"), Ct);
        }
        await bed.WaitForLogAsync(l => l.Count == messages && l.All(m => m.Status == RelayMessageStatus.Deferred), "all deferred");
        return new Backlog(bed);
    }

    private sealed record Backlog(RelayTestBed Bed) : IAsyncDisposable
    {
        public async Task FixPasswordAsync()
        {
            var store = Bed.Get<SmtpSettingsStore>();
            var current = await store.GetAsync(Ct);
            Assert.True((await store.SaveAsync(LocalSettings.For(Bed.Provider), current!.Revision, Ct)).Succeeded);
            Bed.Clock.Advance(RelayDeliveryService.PollInterval);
        }

        public ValueTask DisposeAsync() => Bed.DisposeAsync();
    }
}
