using SmtpPortal.Localization;

namespace SmtpPortal.Tests.Localization;

/// <summary>Times read in the admin's zone and say which zone they are in.</summary>
public sealed class ViewerTimeZoneTests
{
    private static readonly DateTimeOffset Instant = new(2026, 12, 1, 0, 48, 5, TimeSpan.Zero);

    [Theory]
    [InlineData("Asia/Shanghai", "2026-12-01 08:48 UTC+8")]
    [InlineData("Asia/Kolkata", "2026-12-01 06:18 UTC+5:30")]
    [InlineData("America/Sao_Paulo", "2026-11-30 21:48 UTC-3")]
    [InlineData("Etc/UTC", "2026-12-01 00:48 UTC")]
    public void ATimeIsShownInTheBrowsersZoneWithItsOffset(string zone, string expected) =>
        Assert.Equal(expected, ViewerTimeZone.FromName(zone).FormatWithZone(Instant));

    [Fact]
    public void TheOffsetFollowsSummerTime()
    {
        var berlin = ViewerTimeZone.FromName("Europe/Berlin");

        Assert.Equal("2026-07-01 02:48 UTC+2", berlin.FormatWithZone(Instant.AddMonths(-5)));
        Assert.Equal("2026-12-01 01:48:05 UTC+1", berlin.FormatPreciseWithZone(Instant));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Not/AZone")]
    [InlineData("../../../../etc/passwd")]
    [InlineData("Asia/../../etc/passwd")]
    [InlineData("Asia/Shanghai\n")]
    public void WhatIsNotAZoneNameIsShownAsUtcAndSaysSo(string? name)
    {
        var zone = ViewerTimeZone.FromName(name);

        Assert.False(zone.Known);
        Assert.Equal("2026-12-01 00:48 UTC", zone.FormatWithZone(Instant));
    }

    [Fact]
    public void ADayStartsAtMidnightInTheViewersZone()
    {
        var shanghai = ViewerTimeZone.FromName("Asia/Shanghai");

        Assert.Equal(new DateTimeOffset(2026, 11, 30, 16, 0, 0, TimeSpan.Zero), shanghai.StartOf(new DateOnly(2026, 12, 1)).ToUniversalTime());
    }
}
