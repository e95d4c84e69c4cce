using Bunit;
using MudBlazor;
using MudBlazor.Extensions;
using SmtpPortal.Components.Pages.Fallback;
using SmtpPortal.Fallback;
using SmtpPortal.History;
using SmtpPortal.Localization;
using SmtpPortal.Providers;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;
using SmtpPortal.Tests.Fallback;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Components.Pages.Fallback;

public sealed class FallbackPageTests : PortalComponentContext
{
    // An upper bound for renders that wait on real SQLite and SMTP I/O on a busy machine, not a timing check.
    private static readonly TimeSpan RealIo = TimeSpan.FromSeconds(30);
    private static readonly AuditActor Admin = new("admin", null);

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private bool _popovers;

    private IRenderedComponent<FallbackPage> RenderPage(ViewerTimeZone? zone = null)
    {
        // One provider per test: a second one would compete for the popovers.
        if (!_popovers)
            Render<MudPopoverProvider>();
        _popovers = true;
        var page = Render<FallbackPage>(p => p.AddCascadingValue(zone ?? ViewerTimeZone.Unknown));
        page.WaitForElement("form", RealIo);
        return page;
    }

    private Task ChoosePresetAsync(IRenderedComponent<FallbackPage> page, string id)
    {
        var preset = Get<ProviderCatalog>().Find(id)!;
        var picker = page.FindComponent<MudAutocomplete<ProviderPreset>>();
        return page.InvokeAsync(() => picker.Instance.ValueChanged.InvokeAsync(preset));
    }

    private static IRenderedComponent<MudTextField<string>> Field(IRenderedComponent<FallbackPage> page, string label) =>
        page.FindComponents<MudTextField<string>>().Single(f => f.Instance.Label == label);

    private static void Type(IRenderedComponent<FallbackPage> page, string label, string value) =>
        Field(page, label).Find("input").Change(value);

    private static IRenderedComponent<MudNumericField<int?>> Number(IRenderedComponent<FallbackPage> page, string id) =>
        page.FindComponents<MudNumericField<int?>>().Single(f => f.Find("input").Id == id);

    [Fact]
    public async Task ProblemsShowNextToTheirFieldsAndNothingIsStoredHalfWay()
    {
        var page = RenderPage();
        Type(page, "Username", "backup@example.test");
        Type(page, "From address", "not an address");
        Number(page, "switch-after").Find("input").Change("0");

        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Contains("Enter the SMTP server's host name", Field(page, "SMTP host").Markup), RealIo);
        Assert.Contains("Enter the From address in the form name@example.com.", Field(page, "From address").Markup);
        Assert.Contains("Give a number of minutes from 1 to 1440.", Number(page, "switch-after").Markup);
        Assert.Null(await Get<FallbackProviderStore>().GetAsync(Ct));

        // Fixed host: the store's next rule speaks, under the password field.
        Type(page, "SMTP host", "smtp.fallback.example");
        Number(page, "switch-after").Find("input").Change("15");
        Type(page, "From address", "backup@example.test");
        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Contains("Enter the password (or authorization code) of the fallback account.",
            page.Find(".secret-field").TextContent), RealIo);
        Assert.DoesNotContain("Enter the SMTP server's host name", Field(page, "SMTP host").Markup);
        Assert.Null(await Get<FallbackProviderStore>().GetAsync(Ct));
    }

    [Fact]
    public async Task ThePasswordIsNeverInTheMarkupNeitherTypedNorSaved()
    {
        const string secret = "typed-fallback-Secret-5e9a";
        var page = RenderPage();
        Type(page, "SMTP host", "smtp.fallback.example");
        Type(page, "Username", "backup@example.test");
        Type(page, "From address", "backup@example.test");
        page.Find("#password").Change(secret);
        Assert.DoesNotContain(secret, page.Markup);

        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Contains("Set on", page.Find(".secret-field").TextContent), RealIo);
        Assert.DoesNotContain(secret, page.Markup);
        Assert.Empty(page.Find("#password").GetAttribute("value") ?? "");
        var (_, connection, _) = await Get<SmtpConnections>().ForFallbackAsync(Ct);
        Assert.Equal(secret, connection!.Password);
        Assert.NotNull(page.Find("#remove-fallback"));
        Assert.DoesNotContain(secret, string.Join("\n", Logs.Lines));
    }

    [Fact]
    public async Task APresetFillsHostPortAndSecurityAndAnOAuthOnlyPresetIsFlaggedNextToThePicker()
    {
        var page = RenderPage();

        await ChoosePresetAsync(page, "qq");

        Assert.Equal("smtp.qq.com", Field(page, "SMTP host").Instance.GetState(x => x.Value));
        Assert.Equal(465, Number(page, "port").Instance.GetState(x => x.Value));
        Assert.Equal(SecurityMode.SslOnConnect, page.FindComponent<MudSelect<SecurityMode>>().Instance.GetState(x => x.Value));
        Assert.Contains("Authorization code", page.Find(".secret-field").TextContent);
        Assert.Empty(page.FindAll("#fallback-oauth-only"));

        await ChoosePresetAsync(page, "outlook");

        Assert.Equal("smtp-mail.outlook.com", Field(page, "SMTP host").Instance.GetState(x => x.Value));
        Assert.Equal("Outlook.com accepts only OAuth2 sign-in for SMTP, and the fallback logs in with a password only: choose another provider for the fallback.",
            page.Find("#fallback-oauth-only").TextContent.Trim());
    }

    [Fact]
    public async Task CheckFallbackShowsTheSameDiagnosisAsTheSettingsPageInTheAdminsLanguage()
    {
        await using var server = LocalSmtpServer.Plain();
        Assert.True((await Get<FallbackProviderStore>().SaveAsync(FallbackTestBed.Input(server), Admin, Ct)).Succeeded);
        var page = RenderPage();

        page.Find("#check-fallback").Click();

        page.WaitForAssertion(() => Assert.Contains($"Connection works, but without encryption: 127.0.0.1:{server.Port} answered",
            page.Find("#fallback-check-result").TextContent), RealIo);
        Assert.NotEmpty(page.FindAll("#stages li"));
        Assert.Empty(server.Messages);

        server.AcceptedPasswords.Clear();
        using (new UiCultureScope("zh-CN"))
        {
            var chinese = RenderPage();
            chinese.Find("#check-fallback").Click();
            chinese.WaitForAssertion(() => Assert.Contains("服务器拒绝了用户名或密码。", chinese.Find("#fallback-check-result").TextContent), RealIo);
            Assert.Contains("请检查用户名", chinese.Find("#fallback-check-advice").TextContent);
        }
        Assert.Single(await Get<AuditLog>().FindAsync(new(AuditAction.FallbackCheckFailed), Ct));
    }

    [Fact]
    public async Task TheStateSaysWhichProviderCarriesTheMailWithTheSwitchTimeInTheViewersZone()
    {
        Assert.True((await Get<SmtpSettingsStore>().SaveAsync(new SmtpSettingsInput
        {
            Host = "smtp.main.example", Port = 587, Security = SecurityMode.StartTls, Username = "mail@example.test",
            Password = "main-password", FromAddress = "mail@example.test",
        }, null, Admin, Ct)).Succeeded);
        await using var server = LocalSmtpServer.Plain();
        var store = Get<FallbackProviderStore>();
        Assert.True((await store.SaveAsync(FallbackTestBed.Input(server), Admin, Ct)).Succeeded);
        var shanghai = ViewerTimeZone.FromName("Asia/Shanghai");

        var standby = RenderPage(shanghai);
        Assert.Equal($"The main provider (smtp.main.example:587) carries the mail. Fallback on standby: 127.0.0.1:{server.Port}.",
            standby.Find("#provider-in-use").TextContent.Trim());
        Assert.Contains("The relay is off", standby.Find("#fallback-state").TextContent);

        var since = new DateTimeOffset(2026, 11, 28, 2, 5, 0, TimeSpan.Zero);
        await store.SetInUseAsync(since, SmtpPortal.Smtp.SendOutcome.Failed(SmtpPortal.Smtp.SmtpFailureCategory.AuthenticationFailed) with { Summary = "The server rejected the username or password." },
            AuditEntry.Of(AuditAction.SwitchedToFallback, ProviderFailover.Actor, since, "test"), Ct);
        var switched = RenderPage(shanghai);

        Assert.Equal($"The fallback provider (127.0.0.1:{server.Port}) carries the mail since 2026-11-28 10:05 UTC+8, because the main provider failed: the server refused the login (wrong, expired or revoked password or app password).",
            string.Join(" ", switched.Find("#provider-in-use").TextContent.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries)));
        Assert.Contains("mud-alert-text-warning", switched.Find("#fallback-state").ClassName);
    }

    [Fact]
    public async Task RemoveAsksFirstAndThenTakesTheFallbackAway()
    {
        await using var server = LocalSmtpServer.Plain();
        Assert.True((await Get<FallbackProviderStore>().SaveAsync(FallbackTestBed.Input(server), Admin, Ct)).Succeeded);
        var dialogs = Render<MudDialogProvider>();
        var page = RenderPage();

        page.Find("#remove-fallback").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Remove the fallback provider?", dialogs.Markup));
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").Click();
        Assert.NotNull(await Get<FallbackProviderStore>().GetAsync(Ct));

        page.Find("#remove-fallback").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Remove the fallback provider?", dialogs.Markup));
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Remove").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("#remove-fallback")), RealIo);
        Assert.Null(await Get<FallbackProviderStore>().GetAsync(Ct));
        Assert.StartsWith("No fallback provider is set", page.Find("#provider-in-use").TextContent.Trim());
        Assert.Equal("admin", Assert.Single(await Get<AuditLog>().FindAsync(new(AuditAction.FallbackRemoved), Ct)).Actor);
    }
}
