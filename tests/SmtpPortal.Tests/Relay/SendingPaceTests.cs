using Microsoft.Extensions.Time.Testing;
using SmtpPortal.Providers;
using SmtpPortal.Relay.Delivery;

namespace SmtpPortal.Tests.Relay;

public sealed class SendingPaceTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public void MessagesPerMinuteWaitForTheOldestToLeaveTheMinute()
    {
        var pace = new SendingPace(_clock);
        pace.Reset(new SendingLimit { MessagesPerMinute = 2 }, []);

        Assert.True(pace.TryReserve(1).Go);
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True(pace.TryReserve(1).Go);
        var held = pace.TryReserve(1);

        Assert.False(held.Go);
        Assert.Equal(SendingPace.MessagesPerMinute, held.Limit);
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 10, 1, 0, TimeSpan.Zero), held.Until);
        _clock.Advance(TimeSpan.FromSeconds(50));
        Assert.True(pace.TryReserve(1).Go);
    }

    [Fact]
    public void RecipientsPerDayCountWhatWasDeliveredBeforeARestart()
    {
        var pace = new SendingPace(_clock);
        var now = _clock.GetUtcNow();
        pace.Reset(new SendingLimit { RecipientsPerDay = 500 }, [(now.AddHours(-20), 300), (now.AddHours(-2), 150)]);

        Assert.True(pace.TryReserve(50).Go);
        var held = pace.TryReserve(10);

        Assert.False(held.Go);
        Assert.Equal(SendingPace.RecipientsPerDay, held.Limit);
        Assert.Equal(now.AddHours(4), held.Until);
    }

    [Fact]
    public void AFailedSendGivesItsRoomBack()
    {
        var pace = new SendingPace(_clock);
        pace.Reset(new SendingLimit { MessagesPerDay = 1 }, []);

        var first = pace.TryReserve(1);
        Assert.False(pace.TryReserve(1).Go);
        pace.Release(first);

        Assert.True(pace.TryReserve(1).Go);
    }

    [Fact]
    public void WithoutPublishedLimitsNothingIsHeldOrCounted()
    {
        var pace = new SendingPace(_clock);
        pace.Reset(SendingLimit.None, []);
        Assert.All(Enumerable.Range(0, 1000), _ => Assert.True(pace.TryReserve(100).Go));
    }
}
