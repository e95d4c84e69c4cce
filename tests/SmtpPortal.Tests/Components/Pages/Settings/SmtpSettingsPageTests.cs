using Bunit;
using MudBlazor;
using MudBlazor.Extensions;
using SmtpPortal.Components.Pages.Settings;
using SmtpPortal.Providers;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Components.Pages.Settings;

public sealed class SmtpSettingsPageTests : PortalComponentContext
{
    private IRenderedComponent<SmtpSettingsPage> RenderPage()
    {
        Render<MudPopoverProvider>();
        var page = Render<SmtpSettingsPage>();
        page.WaitForElement("form");
        return page;
    }

    private Task ChoosePresetAsync(IRenderedComponent<SmtpSettingsPage> page, string id)
    {
        var preset = Get<ProviderCatalog>().Find(id)!;
        var picker = page.FindComponent<MudAutocomplete<ProviderPreset>>();
        return page.InvokeAsync(() => picker.Instance.ValueChanged.InvokeAsync(preset));
    }

    private static IRenderedComponent<MudTextField<string>> Field(IRenderedComponent<SmtpSettingsPage> page, string label) =>
        page.FindComponents<MudTextField<string>>().Single(f => f.Instance.Label == label);

    private static void Type(IRenderedComponent<SmtpSettingsPage> page, string label, string value) =>
        Field(page, label).Find("input").Change(value);

    [Fact]
    public async Task ChoosingAPresetFillsHostPortAndSecurity()
    {
        var page = RenderPage();

        await ChoosePresetAsync(page, "qq");

        Assert.Equal("smtp.qq.com", Field(page, "SMTP host").Instance.GetState(x => x.Value));
        Assert.Equal(465, page.FindComponent<MudNumericField<int?>>().Instance.GetState(x => x.Value));
        Assert.Equal(SecurityMode.SslOnConnect, page.FindComponent<MudSelect<SecurityMode>>().Instance.GetState(x => x.Value));
        Assert.Contains("Authorization code", page.Markup);
        Assert.Contains("authorization code", page.Find(".preset-notes").TextContent);
    }

    [Fact]
    public async Task ChoosingAnotherPortOfThePresetSwitchesTheSecurityMode()
    {
        var page = RenderPage();
        await ChoosePresetAsync(page, "qq");

        page.FindComponent<MudNumericField<int?>>().Find("input").Change("587");

        Assert.Equal(SecurityMode.StartTls, page.FindComponent<MudSelect<SecurityMode>>().Instance.GetState(x => x.Value));

        page.FindAll(".choice-row .mud-chip").Single(c => c.TextContent.Contains("465")).Click();

        Assert.Equal(465, page.FindComponent<MudNumericField<int?>>().Instance.GetState(x => x.Value));
        Assert.Equal(SecurityMode.SslOnConnect, page.FindComponent<MudSelect<SecurityMode>>().Instance.GetState(x => x.Value));
    }

    [Fact]
    public async Task SendGridFillsTheLiteralApiKeyUsername()
    {
        var page = RenderPage();

        await ChoosePresetAsync(page, "sendgrid");

        Assert.Equal("apikey", Field(page, "Username").Instance.GetState(x => x.Value));
        Assert.Equal(587, page.FindComponent<MudNumericField<int?>>().Instance.GetState(x => x.Value));
    }

    /// <summary>Points the form at a closed port on 127.0.0.1, so the test before saving fails at
    /// once, here and on a machine with internet access alike (no real provider is contacted).</summary>
    internal static void Unreachable(IRenderedComponent<SmtpSettingsPage> page)
    {
        page.FindComponents<MudTextField<string>>().Single(f => f.Instance.Label == "SMTP host").Find("input").Change("127.0.0.1");
        page.FindComponent<MudNumericField<int?>>().Find("input").Change(LocalSmtpServer.FreePort().ToString());
    }

    /// <summary>Saves as an admin would for a server this machine cannot reach: Save, read why the
    /// test failed, then "Save without testing".</summary>
    internal static void SaveWithoutTesting(IRenderedComponent<SmtpSettingsPage> page)
    {
        page.Find("form").Submit();
        page.WaitForAssertion(() => Assert.Contains("refused the connection", page.Find("#save-test-result").TextContent), RealIo);
        Assert.Contains("Not saved", page.Find("#save-not-stored").TextContent);
        page.Find("#save-without-testing").Click();
    }

    private static readonly TimeSpan RealIo = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AfterSaveThePasswordIsNotInTheRenderedMarkup()
    {
        const string secret = "abcdefghijklmnop-unique-secret";
        var page = RenderPage();
        await ChoosePresetAsync(page, "qq");
        Type(page, "Username", "12345@qq.com");
        Type(page, "Authorization code", secret);
        Type(page, "From address", "12345@qq.com");
        Unreachable(page);

        SaveWithoutTesting(page);

        page.WaitForAssertion(() => Assert.Contains("Set on", page.Markup), RealIo);
        Assert.DoesNotContain(secret, page.Markup);
        Assert.Null(Field(page, "Authorization code").Instance.GetState(x => x.Value));
        var (_, connection, _) = await Get<SmtpConnections>().ForStoredSettingsAsync(Xunit.TestContext.Current.CancellationToken);
        Assert.Equal(secret, connection!.Password);
    }

    [Fact]
    public async Task APortModeFixFillsTheFormAndDemandsThePasswordBeforeAnythingIsSaved()
    {
        var store = Get<SmtpSettingsStore>();
        var saved = await store.SaveAsync(new SmtpSettingsInput
        {
            PresetId = "qq", Host = "smtp.qq.com", Port = 587, Security = SecurityMode.SslOnConnect,
            Username = "12345@qq.com", Password = "abcdefghijklmnop", FromAddress = "12345@qq.com",
        }, null, Xunit.TestContext.Current.CancellationToken);
        var page = RenderPage();
        var panel = page.FindComponent<SmtpPortal.Components.Pages.Settings.Components.TestEmailPanel>();

        await page.InvokeAsync(() => panel.Instance.OnSecurityFix.InvokeAsync(
            new SmtpPortal.Smtp.Diagnostics.QuickFix(SmtpPortal.Smtp.Diagnostics.QuickFixKind.SwitchSecurity, "Switch to STARTTLS", SecurityMode.StartTls, 587)));

        Assert.Equal(SecurityMode.StartTls, page.FindComponent<MudSelect<SecurityMode>>().Instance.GetState(x => x.Value));
        Assert.Contains("Enter the password again", Field(page, "Authorization code").Markup);
        var stored = await store.GetAsync(Xunit.TestContext.Current.CancellationToken);
        Assert.Equal((saved.Settings!.Revision, SecurityMode.SslOnConnect), (stored!.Revision, stored.Security));

        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Contains("enter the password again", Field(page, "Authorization code").Markup));
        Assert.Equal(SecurityMode.SslOnConnect, (await store.GetAsync(Xunit.TestContext.Current.CancellationToken))!.Security);
    }

    [Fact]
    public async Task BadInputShowsItsMessageNextToTheFieldAndSavesNothing()
    {
        var page = RenderPage();
        await ChoosePresetAsync(page, "qq");
        Type(page, "SMTP host", "smtp://smtp.qq.com");
        page.FindComponent<MudNumericField<int?>>().Find("input").Change("0");
        Type(page, "Username", "12345@qq.com");
        Type(page, "Authorization code", "abcdefghijklmnop");
        Type(page, "From address", "not an address");
        Type(page, "From name (optional)", "Evil\r\nBcc: victim@example.test");

        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Contains("without smtp://", Field(page, "SMTP host").Markup));
        Assert.Contains("between 1 and 65535", page.FindComponent<MudNumericField<int?>>().Markup);
        Assert.Contains("name@example.com", Field(page, "From address").Markup);
        Assert.Contains("Line breaks are not allowed", Field(page, "From name (optional)").Markup);
        Assert.Null(await Get<SmtpSettingsStore>().GetAsync(Xunit.TestContext.Current.CancellationToken));
    }
}
