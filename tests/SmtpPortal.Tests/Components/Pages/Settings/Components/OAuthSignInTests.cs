using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MudBlazor;
using SmtpPortal.Components.Pages.Settings;
using SmtpPortal.Data;
using SmtpPortal.History;
using SmtpPortal.Hosting;
using SmtpPortal.OAuth;
using SmtpPortal.Providers;
using SmtpPortal.Settings;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Components.Pages.Settings.Components;

/// <summary>The settings page with Outlook.com chosen: sign in with Microsoft (device code against
/// a local authorization server) instead of a password, then save.</summary>
public sealed class OAuthSignInTests : BunitContext
{
    private const string Account = OAuthTestBed.Account;

    /// <summary>The sign-in talks HTTP to a real local server; a busy machine may need a moment.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly TempFolder _data = new();
    private readonly LocalAuthorizationServer _authorization = LocalAuthorizationServer.StartAsync().GetAwaiter().GetResult();

    public OAuthSignInTests()
    {
        Services.AddLogging(logging => logging.ClearProviders());
        Services.AddOptions<SmtpPortalOptions>();
        Services.AddSmtpPortalStorage(new DataDirectory(_data.Path));
        Services.AddSmtpSending();
        Services.AddSingleton(OAuthTestBed.CatalogPointedAt(_authorization));
        AddAuthorization().SetAuthorized("admin").SetClaims(new Claim(ClaimTypes.Email, "admin@example.test"));
        this.AddSmtpPortalTestServices();
        Services.GetRequiredService<IServiceProvider>().MigrateDatabaseAsync().GetAwaiter().GetResult();
    }

    private async Task<IRenderedComponent<SmtpSettingsPage>> RenderOutlookAsync()
    {
        Render<MudPopoverProvider>();
        var page = Render<SmtpSettingsPage>();
        page.WaitForElement("form");
        var outlook = Services.GetRequiredService<ProviderCatalog>().Find("outlook")!;
        var picker = page.FindComponent<MudAutocomplete<ProviderPreset>>();
        await page.InvokeAsync(() => picker.Instance.ValueChanged.InvokeAsync(outlook));
        return page;
    }

    private static void Type(IRenderedComponent<SmtpSettingsPage> page, string label, string value) =>
        page.FindComponents<MudTextField<string>>().Single(f => f.Instance.Label == label).Find("input").Change(value);

    [Fact]
    public async Task SigningInWithMicrosoftReplacesThePasswordAndTheSettingsSaveWithoutOne()
    {
        _authorization.ApproveDeviceCodesAtOnce = true;
        var page = await RenderOutlookAsync();
        Assert.Contains("Sign in with Microsoft", page.Markup);
        Assert.Contains("http://localhost/oauth/callback", page.Find("#oauth-redirect-uri").TextContent);
        Type(page, "Username", Account);
        Type(page, "From address", Account);
        Type(page, "Client (application) id", LocalAuthorizationServer.ClientId);

        page.Find("#oauth-device-start").Click();
        page.WaitForElement("#oauth-status", Patience);

        Assert.Contains($"Signed in as {Account}", page.Find("#oauth-status").TextContent);
        Assert.Empty(page.FindAll("#password"));
        // No SMTP server here: the test before saving fails, and the admin saves without it.
        SmtpSettingsPageTests.Unreachable(page);
        SmtpSettingsPageTests.SaveWithoutTesting(page);
        page.WaitForAssertion(() => Assert.Contains("Last saved", page.Markup), Patience);
        var saved = await Services.GetRequiredService<SmtpSettingsStore>().GetAsync(Xunit.TestContext.Current.CancellationToken);
        Assert.Equal(Account, saved!.Username);
        Assert.Null(saved.ProtectedPassword);
        Assert.All(_authorization.Secrets, secret => Assert.DoesNotContain(secret, page.Markup));
    }

    [Fact]
    public async Task SigningInWithoutAClientIdOrUsernameSaysWhatIsMissingAndContactsNobody()
    {
        var page = await RenderOutlookAsync();

        page.Find("#oauth-device-start").Click();

        Assert.Contains("Enter the client (application) id", page.Markup);
        Assert.Contains("Enter the username", page.Find("#oauth-account-error").TextContent);
        Assert.Equal(0, _authorization.DevicePollCount);
        Assert.Null(await Services.GetRequiredService<OAuthGrantStore>().GetSummaryAsync(Xunit.TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task SigningOutBringsThePasswordFieldBack()
    {
        _authorization.ApproveDeviceCodesAtOnce = true;
        var page = await RenderOutlookAsync();
        Type(page, "Username", Account);
        Type(page, "Client (application) id", LocalAuthorizationServer.ClientId);
        page.Find("#oauth-device-start").Click();
        page.WaitForElement("#oauth-status", Patience);

        await page.InvokeAsync(() => page.Find("#oauth-sign-out").Click());

        page.WaitForElement("#password", Patience);
        Assert.Null(await Services.GetRequiredService<OAuthGrantStore>().GetSummaryAsync(Xunit.TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task SigningInAndOutAreRecordedForTheSignedInAdminByAccountNeverByToken()
    {
        _authorization.ApproveDeviceCodesAtOnce = true;
        var page = await RenderOutlookAsync();
        Type(page, "Username", Account);
        Type(page, "Client (application) id", LocalAuthorizationServer.ClientId);
        page.Find("#oauth-device-start").Click();
        page.WaitForElement("#oauth-status", Patience);

        await page.InvokeAsync(() => page.Find("#oauth-sign-out").Click());
        page.WaitForElement("#password", Patience);

        var db = Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        var signedIn = Assert.Single(await AuditTable.EntriesAsync(db, AuditAction.OAuthSignedIn));
        var removed = Assert.Single(await AuditTable.EntriesAsync(db, AuditAction.OAuthSignInRemoved));
        Assert.Equal("admin", signedIn.Actor);
        Assert.Equal("admin", removed.Actor);
        Assert.Equal($"Microsoft sign-in for {Account} (preset outlook)", signedIn.Details);
        Assert.Equal($"sign-in for {Account} (preset outlook) removed", removed.Details);
        var table = await AuditTable.RawTextAsync(db);
        Assert.Contains(_authorization.Secrets, s => s.StartsWith("refresh-"));
        Assert.All(_authorization.Secrets, secret => Assert.DoesNotContain(secret, table));
    }

    [Fact]
    public async Task SigningInInThisBrowserGoesToTheProviderWithPkceAndStateAndTheCallbackCompletesIt()
    {
        var page = await RenderOutlookAsync();
        Type(page, "Username", Account);
        Type(page, "Client (application) id", LocalAuthorizationServer.ClientId);
        Type(page, "Client secret (only for sign-in in this browser)", LocalAuthorizationServer.ClientSecret);

        page.Find("#oauth-browser-start").Click();

        var authorize = Services.GetRequiredService<NavigationManager>().Uri;
        Assert.StartsWith($"{_authorization.BaseUrl}/consumers/authorize?", authorize);
        var query = QueryHelpers.ParseQuery(new Uri(authorize).Query);
        Assert.Equal("S256", query["code_challenge_method"].ToString());
        Assert.Equal("http://localhost/oauth/callback", query["redirect_uri"].ToString());
        Assert.Equal(Account, query["login_hint"].ToString());
        Assert.DoesNotContain(LocalAuthorizationServer.ClientSecret, authorize);

        using var provider = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var approved = await provider.GetAsync(authorize, Xunit.TestContext.Current.CancellationToken);
        var back = QueryHelpers.ParseQuery(approved.Headers.Location!.Query);
        var completion = await Services.GetRequiredService<AuthorizationCodeSignIn>().CompleteAsync(
            back["state"], back["code"], null, null, Xunit.TestContext.Current.CancellationToken);

        Assert.True(completion.Succeeded, completion.Problem?.Summary);
        Assert.Equal(Account, (await Services.GetRequiredService<OAuthGrantStore>().GetSummaryAsync(Xunit.TestContext.Current.CancellationToken))!.Account);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing)
            return;
        _authorization.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _data.Dispose();
    }
}
