using Bunit;
using SmtpPortal.Components.Pages.Settings.Components;
using SmtpPortal.Security;
using SmtpPortal.Smtp;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Components.Pages.Settings;

public sealed class TestEmailPanelLimitTests : PortalComponentContext
{
    [Fact]
    public async Task AnInvalidRecipientIsShownNextToTheFieldAndNothingIsTried()
    {
        var panel = Render<TestEmailPanel>(p => p
            .Add(x => x.AdminName, "admin")
            .Add(x => x.DefaultRecipient, "not an address")
            .Add(x => x.CanSend, true));

        await panel.Find("#send-test").ClickAsync(new());

        Assert.Contains("Enter the recipient in the form name@example.com.", panel.Markup);
        Assert.Null(await Get<TestEmailService>().GetLatestAsync(Xunit.TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task OneSendTooManyShowsWhyAndRecordsNoAttempt()
    {
        var allowed = new AdminSecurityOptions().TestSendsPerMinute;
        var panel = Render<TestEmailPanel>(p => p
            .Add(x => x.AdminName, "admin")
            .Add(x => x.DefaultRecipient, AdminEmail)
            .Add(x => x.CanSend, true));

        for (var send = 0; send < allowed; send++)
        {
            await panel.Find("#send-test").ClickAsync(new());
            panel.WaitForElement("#test-result");
        }
        Assert.Empty(panel.FindAll("#test-rate-limit"));
        var attempts = (await Get<TestEmailService>().GetLatestAsync(Xunit.TestContext.Current.CancellationToken))!.Id;

        await panel.Find("#send-test").ClickAsync(new());

        var message = panel.Find("#test-rate-limit").TextContent;
        Assert.Contains($"You have run {allowed} tests in the last minute (test emails, connection checks and port probes count together)", message);
        var seconds = int.Parse(System.Text.RegularExpressions.Regex.Match(message, @"The next one can start in (\d+) s\.").Groups[1].Value);
        Assert.InRange(seconds, 1, 60);
        Assert.Equal(attempts, (await Get<TestEmailService>().GetLatestAsync(Xunit.TestContext.Current.CancellationToken))!.Id);
    }
}
