using System.Security.Claims;
using System.Text;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using SmtpPortal.Components.Pages.Export;
using SmtpPortal.Data;
using SmtpPortal.Export;
using SmtpPortal.History;
using SmtpPortal.Security;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Components.Pages.Export;

public sealed class ExportPageTests : PortalComponentContext
{
    internal const string Secret = "page-unique-secret-🔑";

    internal static async Task SaveSettingsAsync(SmtpSettingsStore store)
    {
        var saved = await store.SaveAsync(new SmtpSettingsInput
        {
            PresetId = "qq", Host = "smtp.qq.com", Port = 465, Security = SecurityMode.SslOnConnect,
            Username = "12345@qq.com", Password = Secret, FromAddress = "12345@qq.com",
        }, null, Xunit.TestContext.Current.CancellationToken);
        Assert.True(saved.Succeeded);
    }

    private IRenderedComponent<ExportPage> RenderPage()
    {
        var page = Render<ExportPage>();
        page.WaitForElement(".export-text, .mud-alert");
        return page;
    }

    [Fact]
    public void WithoutSettingsThePageSendsTheAdminToSetUpFirst()
    {
        var page = RenderPage();

        Assert.Contains("nothing to export", page.Markup);
        Assert.Empty(page.FindAll(".export-text"));
    }

    [Fact]
    public async Task NoTabShowsTheSecretAndIncludingItIsOffWithoutReAuthentication()
    {
        await SaveSettingsAsync(Get<SmtpSettingsStore>());
        var page = RenderPage();

        var tabs = page.FindAll(".mud-tab");
        Assert.Equal(ExportCatalog.All.Count, tabs.Count);
        for (var i = 0; i < tabs.Count; i++)
        {
            page.FindAll(".mud-tab")[i].Click();
            var text = page.Find(".export-text");
            Assert.Equal(ExportCatalog.All[i].Id, text.GetAttribute("data-format"));
            Assert.Contains(ExportValues.PasswordPlaceholder, text.TextContent);
            Assert.DoesNotContain("page-unique-secret", page.Markup);
        }
        Assert.True(page.FindComponent<MudSwitch<bool>>().Instance.Disabled);
    }

    [Fact]
    public async Task CopyHandsTheShownTextToTheClipboardAndDownloadCarriesTheSameText()
    {
        await SaveSettingsAsync(Get<SmtpSettingsStore>());
        var page = RenderPage();
        var shown = page.Find(".export-text").TextContent;

        page.FindAll("button").Single(b => b.TextContent.Trim() == "Copy").Click();

        var copied = JSInterop.Invocations["smtpPortalClipboard.copy"].Single().Arguments.Single();
        Assert.Equal(shown, copied);
        var download = page.Find("a[download]");
        Assert.Equal("smtp.env", download.GetAttribute("download"));
        var href = download.GetAttribute("href")!;
        Assert.Equal(shown, Encoding.UTF8.GetString(Convert.FromBase64String(href[(href.IndexOf(',') + 1)..])));
    }
}

public sealed class ExportPageAfterReAuthenticationTests()
    : PortalComponentContext(services => services.AddSingleton<IRecentAuthentication>(new AlwaysRecent()))
{
    [Fact]
    public async Task ARecentlyReAuthenticatedAdminCanIncludeThePassword()
    {
        await ExportPageTests.SaveSettingsAsync(Get<SmtpSettingsStore>());
        var page = Render<ExportPage>();
        page.WaitForElement(".export-text");
        Assert.DoesNotContain(ExportPageTests.Secret, page.Markup);

        var include = page.FindComponent<MudSwitch<bool>>();
        Assert.False(include.Instance.Disabled);
        await page.InvokeAsync(() => include.Instance.ValueChanged.InvokeAsync(true));

        Assert.Contains($"SMTP_PASSWORD='{ExportPageTests.Secret}'", page.Find(".export-text").TextContent);
        Assert.Contains("contain the real password", page.Markup);
    }

    [Fact]
    public async Task IncludingThePasswordIsRecordedOnceForAllFormatsWithoutTheSecret()
    {
        await ExportPageTests.SaveSettingsAsync(Get<SmtpSettingsStore>());
        var page = Render<ExportPage>();
        page.WaitForElement(".export-text");
        var db = Get<Microsoft.EntityFrameworkCore.IDbContextFactory<PortalDbContext>>();
        Assert.Empty(await AuditTable.EntriesAsync(db, AuditAction.SecretRevealed));

        var include = page.FindComponent<MudSwitch<bool>>();
        await page.InvokeAsync(() => include.Instance.ValueChanged.InvokeAsync(true));

        var revealed = Assert.Single(await AuditTable.EntriesAsync(db, AuditAction.SecretRevealed));
        Assert.Equal("admin", revealed.Actor);
        Assert.StartsWith("SMTP password shown in clear via export: export env, ", revealed.Details);
        Assert.Equal("Secret revealed", revealed.Action.Describe());
        Assert.DoesNotContain("page-unique-secret", await AuditTable.RawTextAsync(db));
    }

    private sealed class AlwaysRecent : IRecentAuthentication
    {
        public bool IsRecent(ClaimsPrincipal admin) => true;
    }

    [Fact]
    public async Task AnAccountThatSignsInWithOAuthIsSaidToHaveNoPasswordForApps()
    {
        await OAuthTestBed.PlantOutlookSignInAsync(Get<SmtpPortal.OAuth.OAuthGrantStore>(), Get<SmtpSettingsStore>(), Get<SmtpPortal.Providers.ProviderCatalog>());

        var page = Render<ExportPage>();
        page.WaitForElement("#export-oauth-note");

        Assert.Contains("signs in with Microsoft (OAuth2), so it has no password an app could use", page.Find("#export-oauth-note").TextContent);
    }
}
