using Bunit;
using SmtpPortal.Components.Pages.Settings.Components;
using SmtpPortal.Security;
using SmtpPortal.Smtp;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Components.Pages.Settings;

public sealed class TestEmailPanelLimitTests : PortalComponentContext
{
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

        Assert.Contains("Wait a minute", panel.Find("#test-rate-limit").TextContent);
        Assert.Equal(attempts, (await Get<TestEmailService>().GetLatestAsync(Xunit.TestContext.Current.CancellationToken))!.Id);
    }
}
