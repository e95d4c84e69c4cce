using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmtpPortal.History;
using SmtpPortal.OAuth;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.OAuth;

/// <summary>The browser sign-in through the real portal: authorize at the local authorization
/// server, come back to /oauth/callback, redeem the code with PKCE, then send with XOAUTH2.</summary>
public sealed class AuthorizationCodeSignInTests : IAsyncLifetime
{
    private const string Account = OAuthTestBed.Account;
    private static readonly AuditActor Admin = new("admin", "192.0.2.7");
    private readonly TempFolder _data = new();
    private readonly CapturedLogs _logs = new();
    private LocalAuthorizationServer _authorization = default!;
    private XOAuth2SmtpServer _smtp = default!;
    private PortalFactory _portal = default!;
    private WebApplicationFactory<Program> _app = default!;
    private readonly HttpClient _provider = new(new HttpClientHandler { AllowAutoRedirect = false });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _authorization = await LocalAuthorizationServer.StartAsync();
        _smtp = new XOAuth2SmtpServer(Account, () => _authorization.CurrentAccessToken);
        _portal = new PortalFactory(_data.Path);
        _app = _portal.WithWebHostBuilder(web =>
        {
            web.ConfigureTestServices(services => services.AddSingleton(OAuthTestBed.CatalogPointedAt(_authorization)));
            web.ConfigureLogging(logging => logging.AddProvider(_logs));
        });
        _ = _app.Server;
    }

    private OAuthRegistration Registration => new("outlook", Get<SmtpPortal.Providers.ProviderCatalog>().Find("outlook")!.OAuth!,
        LocalAuthorizationServer.ClientId, LocalAuthorizationServer.ClientSecret, "consumers");

    private string RedirectUri => new Uri(_app.Server.BaseAddress, AuthorizationCodeSignIn.CallbackPath).ToString();

    private T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    /// <summary>The admin approves at the provider, which redirects back with code and state.</summary>
    private async Task<Uri> AuthorizeAsync(string authorizeUrl)
    {
        using var response = await _provider.GetAsync(authorizeUrl, Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var back = response.Headers.Location!;
        Assert.StartsWith(RedirectUri, back.ToString());
        return back;
    }

    private async Task<(HttpStatusCode Status, string Html)> CallBackAsync(Uri back)
    {
        using var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await client.GetAsync(back.PathAndQuery, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task SigningInInTheBrowserStoresTheSignInAndTheTestEmailIsSentWithIt()
    {
        var back = await AuthorizeAsync(Get<AuthorizationCodeSignIn>().Begin(Registration, Account, RedirectUri, Admin));

        var (status, html) = await CallBackAsync(back);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"Signed in as {Account}", html);
        Assert.Equal(Account, (await Get<OAuthGrantStore>().GetSummaryAsync(Ct))!.Account);
        var saved = await Get<SmtpSettingsStore>().SaveAsync(new SmtpSettingsInput
        {
            PresetId = "outlook", Host = "127.0.0.1", Port = _smtp.Port, Security = SecurityMode.None,
            Username = Account, FromAddress = Account, SignsInWithOAuth = true,
        }, null, Ct);
        Assert.True(saved.Succeeded);

        var outcome = await Get<TestEmailService>().SendAsync("someone@example.test", Requester.Admin(new SmtpPortal.History.AuditActor("admin", null)), null, Ct);

        Assert.True(outcome.Succeeded, outcome.Diagnosis.Category.ToString());
        Assert.Equal((Account, _authorization.CurrentAccessToken!), Assert.Single(_smtp.Logins));
        Assert.Single(_smtp.Messages);
        var tokens = _authorization.Secrets.Where(s => s.StartsWith("access-") || s.StartsWith("refresh-")).ToList();
        Assert.NotEmpty(tokens);
        Assert.All(tokens, token =>
        {
            Assert.DoesNotContain(token, html);
            Assert.DoesNotContain(_logs.Lines, line => line.Contains(token, StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task TheBrowserSignInIsRecordedForTheAdminWhoBeganItThoughTheCallbackCarriesNoCookie()
    {
        var back = await AuthorizeAsync(Get<AuthorizationCodeSignIn>().Begin(Registration, Account, RedirectUri, Admin));

        var (status, _) = await CallBackAsync(back);

        Assert.Equal(HttpStatusCode.OK, status);
        var db = Get<Microsoft.EntityFrameworkCore.IDbContextFactory<SmtpPortal.Data.PortalDbContext>>();
        var signedIn = Assert.Single(await AuditTable.EntriesAsync(db, AuditAction.OAuthSignedIn));
        Assert.Equal((Admin.Name, Admin.RemoteAddress), (signedIn.Actor, signedIn.RemoteAddress));
        Assert.Equal($"Microsoft sign-in for {Account} (preset outlook)", signedIn.Details);
        var table = await AuditTable.RawTextAsync(db);
        Assert.All(_authorization.Secrets, secret => Assert.DoesNotContain(secret, table));
    }

    [Fact]
    public async Task ACallbackWithAStateThePortalDidNotIssueIsRefusedAndAUsedStateCannotBeReplayed()
    {
        var back = await AuthorizeAsync(Get<AuthorizationCodeSignIn>().Begin(Registration, Account, RedirectUri, Admin));
        var forged = new Uri(back.ToString().Replace("state=", "state=x", StringComparison.Ordinal));

        var (forgedStatus, forgedHtml) = await CallBackAsync(forged);
        Assert.Equal(HttpStatusCode.BadRequest, forgedStatus);
        Assert.Contains("not one the portal is waiting for", forgedHtml);
        Assert.Null(await Get<OAuthGrantStore>().GetSummaryAsync(Ct));

        Assert.Equal(HttpStatusCode.OK, (await CallBackAsync(back)).Status);
        var (replayStatus, _) = await CallBackAsync(back);
        Assert.Equal(HttpStatusCode.BadRequest, replayStatus);
    }

    [Fact]
    public async Task ACodeIssuedToAnotherSignInFailsThePkceCheckAndNothingIsStored()
    {
        var signIn = Get<AuthorizationCodeSignIn>();
        var victim = await AuthorizeAsync(signIn.Begin(Registration, Account, RedirectUri, Admin));
        var attacker = await AuthorizeAsync(signIn.Begin(Registration, Account, RedirectUri, Admin));
        // The attacker's code delivered with the victim's state: the verifier does not match.
        var injected = new Uri($"{RedirectUri}?code={Query(attacker, "code")}&state={Query(victim, "state")}");

        var (status, html) = await CallBackAsync(injected);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("PKCE", html);
        Assert.Null(await Get<OAuthGrantStore>().GetSummaryAsync(Ct));
    }

    [Fact]
    public async Task TheProvidersRefusalIsShownInPlainWords()
    {
        var back = await AuthorizeAsync(Get<AuthorizationCodeSignIn>().Begin(Registration, Account, RedirectUri, Admin));
        var declined = new Uri($"{RedirectUri}?error=access_denied&error_description=AADSTS65004&state={Query(back, "state")}");

        var (status, html) = await CallBackAsync(declined);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("The sign-in was declined", html);
    }

    private static string Query(Uri uri, string name) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(uri.Query)[name].ToString();

    public async ValueTask DisposeAsync()
    {
        _provider.Dispose();
        await _app.DisposeAsync();
        await _portal.DisposeAsync();
        await _smtp.DisposeAsync();
        await _authorization.DisposeAsync();
        _data.Dispose();
    }
}
