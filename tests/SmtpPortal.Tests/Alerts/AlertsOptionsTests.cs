using Microsoft.Extensions.Options;
using SmtpPortal.Alerts;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Alerts;

public sealed class AlertsOptionsTests : IDisposable
{
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task TheRelaysThresholdsDefaultToHalfAnHourThreeRefusalsAnHourAndFiveHundredMessages()
    {
        await using var portal = new PortalFactory(_data.Path);

        var options = portal.Get<IOptions<AlertsOptions>>().Value;

        Assert.Equal((30, 3, 60, 500), (options.RelayDeferredMinutes, options.RelayFailedMessages, options.RelayFailedWindowMinutes, options.RelayQueueMessages));
    }

    [Theory]
    [InlineData("RelayDeferredMinutes", "0")]
    [InlineData("RelayFailedMessages", "0")]
    [InlineData("RelayFailedWindowMinutes", "1441")]
    [InlineData("RelayQueueMessages", "0")]
    public async Task AThresholdOutOfRangeStopsTheStartWithTheKeyNamed(string key, string value)
    {
        await using var portal = new PortalFactory(_data.Path, new Dictionary<string, string?> { [$"SmtpPortal:Alerts:{key}"] = value });

        var error = Assert.ThrowsAny<OptionsValidationException>(() => portal.Services);

        Assert.Contains(key, error.Message);
    }
}
