using Bunit;
using MudBlazor;
using MudBlazor.Extensions;
using SmtpPortal.Components.Pages.Settings;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Components.Pages.Settings;

/// <summary>The settings page with issue 3's parts: detection, legacy hosts and shape checks.</summary>
public sealed class SmtpSettingsPageProviderTests : PortalComponentContext
{
    private IRenderedComponent<SmtpSettingsPage> RenderPage()
    {
        Render<MudPopoverProvider>();
        var page = Render<SmtpSettingsPage>();
        page.WaitForElement("form");
        return page;
    }

    private static IRenderedComponent<MudTextField<string>> Field(IRenderedComponent<SmtpSettingsPage> page, string label) =>
        page.FindComponents<MudTextField<string>>().Single(f => f.Instance.Label == label);

    private static string? ValueOf(IRenderedComponent<SmtpSettingsPage> page, string label) =>
        Field(page, label).Instance.GetState(x => x.Value);

    private static void Type(IRenderedComponent<SmtpSettingsPage> page, string label, string value) =>
        Field(page, label).Find("input").Change(value);

    [Fact]
    public void TypingAnAddressChoosesThePresetAndFillsUsernameAndFrom()
    {
        var page = RenderPage();

        Type(page, "Email address", "someone@gmail.com");

        Assert.Equal("Gmail", page.FindComponent<MudAutocomplete<SmtpPortal.Providers.ProviderPreset>>().Instance.GetState(x => x.Value)!.Name);
        Assert.Equal("smtp.gmail.com", ValueOf(page, "SMTP host"));
        Assert.Equal("someone@gmail.com", ValueOf(page, "Username"));
        Assert.Equal("someone@gmail.com", ValueOf(page, "From address"));
        Assert.Contains("gmail.com is a Gmail domain", page.Find("#detection-reason").TextContent);
    }

    [Fact]
    public void AnAddressAtAnUnknownDomainKeepsCustomAndFillsFrom()
    {
        var page = RenderPage();

        Type(page, "Email address", "noreply@company.example");

        Assert.Equal("custom", page.FindComponent<MudAutocomplete<SmtpPortal.Providers.ProviderPreset>>().Instance.GetState(x => x.Value)!.Id);
        Assert.Equal("noreply@company.example", ValueOf(page, "From address"));
    }

    [Fact]
    public void ALegacyHostTypedIntoCustomNamesItsReplacementWhichCanBeApplied()
    {
        var page = RenderPage();

        Type(page, "SMTP host", "smtp.live.com");
        Assert.Contains("Hotmail now uses smtp-mail.outlook.com", page.Find("#legacy-host-hint").TextContent);

        page.Find("#use-replacement").Click();

        Assert.Equal("smtp-mail.outlook.com", ValueOf(page, "SMTP host"));
        Assert.Empty(page.FindAll("#legacy-host-hint"));
    }

    [Fact]
    public async Task ASendGridPasswordThatIsNoApiKeyIsRefusedNextToTheFieldAndNothingIsStored()
    {
        var page = RenderPage();
        Type(page, "Email address", "noreply@company.example");
        var sendGrid = Get<SmtpPortal.Providers.ProviderCatalog>().Find("sendgrid")!;
        var picker = page.FindComponent<MudAutocomplete<SmtpPortal.Providers.ProviderPreset>>();
        await page.InvokeAsync(() => picker.Instance.ValueChanged.InvokeAsync(sendGrid));
        Type(page, "API key", "my-sendgrid-login-password");

        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Contains("starts with SG.", Field(page, "API key").Markup));
        Assert.Null(await Get<SmtpSettingsStore>().GetAsync(Xunit.TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AGroupedAppPasswordIsSavedWithoutSpacesAndTheAdminIsTold()
    {
        var snackbars = Render<MudSnackbarProvider>();
        var page = RenderPage();
        Type(page, "Email address", "someone@gmail.com");
        Type(page, "App password", " abcd efgh ijkl mnop\n");
        Assert.NotEmpty(page.FindAll(".shape-finding"));
        SmtpSettingsPageTests.Unreachable(page);

        SmtpSettingsPageTests.SaveWithoutTesting(page);

        page.WaitForAssertion(() => Assert.Contains("Set on", page.Markup), TimeSpan.FromSeconds(30));
        snackbars.WaitForAssertion(() => Assert.Contains("spaces inside the code were removed", snackbars.Markup));
        Assert.Contains("Spaces or line breaks around the pasted secret were removed", snackbars.Markup);
        var (_, connection, _) = await Get<SmtpConnections>().ForStoredSettingsAsync(Xunit.TestContext.Current.CancellationToken);
        Assert.Equal("abcdefghijklmnop", connection!.Password);
    }

    [Fact]
    public void AnAccountPasswordWhereAnAppPasswordBelongsIsAWarningNextToTheField()
    {
        var page = RenderPage();
        Type(page, "Email address", "someone@yahoo.com");

        Type(page, "App password", "my yahoo password!");

        var finding = page.Find(".shape-finding[data-severity=Warning]");
        Assert.Contains("16 letters or digits", finding.TextContent);
    }

    [Fact]
    public async Task AmazonSesOffersItsRegionsAsAListThatSetsTheHost()
    {
        var page = RenderPage();
        var ses = Get<SmtpPortal.Providers.ProviderCatalog>().Find("amazon-ses")!;
        var picker = page.FindComponent<MudAutocomplete<SmtpPortal.Providers.ProviderPreset>>();
        await page.InvokeAsync(() => picker.Instance.ValueChanged.InvokeAsync(ses));

        var region = page.FindComponent<MudSelect<string>>();
        await page.InvokeAsync(() => region.Instance.ValueChanged.InvokeAsync("email-smtp.eu-west-1.amazonaws.com"));

        Assert.Equal("email-smtp.eu-west-1.amazonaws.com", ValueOf(page, "SMTP host"));
        Assert.Contains(region.Instance.GetState(x => x.Value), ses.Hosts.Select(h => h.Host));
    }

    [Fact]
    public async Task APresetCanNameItsSecretMoreExactlyThanItsKind()
    {
        var page = RenderPage();
        var mailjet = Get<SmtpPortal.Providers.ProviderCatalog>().Find("mailjet")!;
        var picker = page.FindComponent<MudAutocomplete<SmtpPortal.Providers.ProviderPreset>>();
        await page.InvokeAsync(() => picker.Instance.ValueChanged.InvokeAsync(mailjet));

        Assert.NotNull(Field(page, "Secret key"));
        Assert.Contains("Your Mailjet API key", Field(page, "Username").Markup);
    }

    [Fact]
    public async Task ACompanyAddressKeepsAChosenSendingServiceAndItsUsername()
    {
        var page = RenderPage();
        var sendGrid = Get<SmtpPortal.Providers.ProviderCatalog>().Find("sendgrid")!;
        var picker = page.FindComponent<MudAutocomplete<SmtpPortal.Providers.ProviderPreset>>();
        await page.InvokeAsync(() => picker.Instance.ValueChanged.InvokeAsync(sendGrid));

        Type(page, "Email address", "noreply@company.example");

        Assert.Equal("sendgrid", picker.Instance.GetState(x => x.Value)!.Id);
        Assert.Equal("apikey", ValueOf(page, "Username"));
        Assert.Equal("noreply@company.example", ValueOf(page, "From address"));
    }
}
