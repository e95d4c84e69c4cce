using Bunit;
using MudBlazor;
using SmtpPortal.Components.Pages.Settings;
using SmtpPortal.History;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Components.Pages.Settings;

/// <summary>The settings page's entry point to the rules every entry point shares: a changed
/// password or destination is tested before it is stored (or saved untested by explicit choice,
/// which History records), and a From the provider would reject is warned about.</summary>
public sealed class SmtpSettingsPageRulesTests : PortalComponentContext
{
    private static readonly TimeSpan RealIo = TimeSpan.FromSeconds(30);
    private readonly LocalSmtpServer _server = LocalSmtpServer.Plain();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        base.Dispose(disposing);
    }

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private IRenderedComponent<SmtpSettingsPage> RenderPage()
    {
        Render<MudPopoverProvider>();
        var page = Render<SmtpSettingsPage>();
        page.WaitForElement("form");
        return page;
    }

    private static void Type(IRenderedComponent<SmtpSettingsPage> page, string label, string value) =>
        page.FindComponents<MudTextField<string>>().Single(f => f.Instance.Label == label).Find("input").Change(value);

    private void FillCustom(IRenderedComponent<SmtpSettingsPage> page, string password)
    {
        Type(page, "SMTP host", "127.0.0.1");
        page.FindComponent<MudNumericField<int?>>().Find("input").Change(_server.Port.ToString());
        var security = page.FindComponent<MudSelect<SecurityMode>>();
        page.InvokeAsync(() => security.Instance.ValueChanged.InvokeAsync(SecurityMode.None)).GetAwaiter().GetResult();
        Type(page, "Username", LocalSmtpServer.UserName);
        Type(page, "Password", password);
        Type(page, "From address", "portal@example.test");
    }

    [Fact]
    public async Task AWrongPasswordFromTheMainFormIsTestedAndNotStored()
    {
        var page = RenderPage();
        FillCustom(page, "wrong password");

        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Contains("rejected the username or password", page.Find("#save-test-result").TextContent), RealIo);
        Assert.Contains("Not saved", page.Find("#save-not-stored").TextContent);
        Assert.Null(await Get<SmtpSettingsStore>().GetAsync(Ct));
        Assert.NotEmpty(_server.Logins);
        Assert.All(_server.Logins, login => Assert.Equal(("portal@example.test", "wrong password"), login));
        var newest = await Get<TestEmailService>().GetLatestAsync(Ct);
        Assert.Equal(TestRunKind.SaveCheck, newest!.Kind);
    }

    [Fact]
    public async Task TheRightPasswordLogsInFirstAndIsThenStored()
    {
        var page = RenderPage();
        FillCustom(page, LocalSmtpServer.Password);

        page.Find("form").Submit();

        page.WaitForElement("#save-tested", RealIo);
        var stored = await Get<SmtpSettingsStore>().GetAsync(Ct);
        Assert.Equal(_server.Port, stored!.Port);
        Assert.Single(_server.Logins);
        var saved = Assert.Single(await Get<AuditLog>().FindAsync(new AuditFilter(AuditAction.SettingsSaved), Ct));
        Assert.Contains("tested against the server before saving", saved.Details);
    }

    [Fact]
    public async Task SavingWithoutTestingIsAnExplicitChoiceThatHistoryRecords()
    {
        var page = RenderPage();
        FillCustom(page, "not yet reachable");
        page.FindComponent<MudNumericField<int?>>().Find("input").Change(LocalSmtpServer.FreePort().ToString());

        SmtpSettingsPageTests.SaveWithoutTesting(page);

        page.WaitForAssertion(() => Assert.Contains("Set on", page.Markup), RealIo);
        var entry = Assert.Single(await Get<AuditLog>().FindAsync(new AuditFilter(AuditAction.SettingsSavedWithoutTest), Ct));
        Assert.Contains("saved without testing", entry.Details);
        Assert.Equal("admin", entry.Actor);
    }

    [Fact]
    public async Task ASelfSignedCertificateSeenByTheTestBeforeSavingCanBeTrustedThereAndIsStoredOnceItPasses()
    {
        using var certificate = TestCertificates.Create();
        await using var server = ScriptedSmtpServer.Start(SmtpScripts.Polite(startTlsCertificate: certificate));
        var page = RenderPage();
        Type(page, "SMTP host", "127.0.0.1");
        page.FindComponent<MudNumericField<int?>>().Find("input").Change(server.Port.ToString());
        Type(page, "Username", "me@example.test");
        Type(page, "Password", "secret");
        Type(page, "From address", "me@example.test");

        page.Find("form").Submit();
        page.WaitForAssertion(() => Assert.Contains("it is self-signed", page.Find("#save-test-result").TextContent), RealIo);
        Assert.Null(await Get<SmtpSettingsStore>().GetAsync(Ct));
        // Found and clicked in one turn of the renderer: a render in between (the save's own, still
        // finishing) once replaced the button's handler between Find and Click.
        await page.InvokeAsync(() => page.Find("#save-test #quick-fix").Click());

        page.WaitForElement("#save-tested", RealIo);
        Assert.Equal(TestCertificates.Sha256(certificate), (await Get<SmtpSettingsStore>().GetAsync(Ct))!.TrustedCertificateSha256);
    }

    [Fact]
    public async Task AFromOutsideTheAccountIsWarnedAboutNextToTheFieldAndStillSaved()
    {
        var page = RenderPage();
        Type(page, "Email address", "me@gmail.com");
        Type(page, "App password", "abcdefghijklmnop");
        Type(page, "From address", "alerts@example.test");

        Assert.Contains("alerts@example.test".Split('@')[1], page.Find(".shape-finding[data-severity=Warning]").TextContent);
        SmtpSettingsPageTests.Unreachable(page);
        SmtpSettingsPageTests.SaveWithoutTesting(page);

        page.WaitForAssertion(() => Assert.Contains("Set on", page.Markup), RealIo);
        Assert.Equal("alerts@example.test", (await Get<SmtpSettingsStore>().GetAsync(Ct))!.FromAddress);
    }
}
