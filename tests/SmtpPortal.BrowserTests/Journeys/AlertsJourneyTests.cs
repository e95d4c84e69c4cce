using System.Net;
using System.Net.Sockets;
using SmtpPortal.BrowserTests.Infrastructure;
using SmtpPortal.BrowserTests.Pages;

namespace SmtpPortal.BrowserTests.Journeys;

/// <summary>Adding an alert channel in Chromium: listed, its address gone from the page, and a
/// test alert that cannot arrive says why on its row.</summary>
public sealed class AlertsJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task AnAddedChannelHidesItsAddressAndATestAlertToAClosedPortSaysWhy()
    {
        await using var session = await SignedInSession.StartAsync(browser.Browser);
        var alerts = new AlertsPage(session.Page);
        await alerts.OpenAsync(session.Portal.BaseUrl);
        var url = $"http://127.0.0.1:{ClosedPort()}/cgi-bin/webhook/send?key=browser-robot-key";

        await alerts.AddAsync("ops group", url);

        await Assertions.Expect(alerts.Channels).ToContainTextAsync("ops group");
        await Assertions.Expect(alerts.Channels).ToContainTextAsync("WeCom group robot");
        Assert.DoesNotContain("browser-robot-key", await session.Page.ContentAsync());
        Assert.Equal("", await session.Page.Locator("#channel-url").InputValueAsync());

        await alerts.SendTestAsync();

        await Assertions.Expect(alerts.TestResult).ToHaveTextAsync("Not delivered: could not connect to the host");
        await alerts.ScreenshotAsync("alerts");
    }

    /// <summary>A port nobody listens on: taken from the system, then released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
