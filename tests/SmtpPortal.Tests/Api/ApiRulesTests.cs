using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmtpPortal.Api;
using SmtpPortal.History;
using SmtpPortal.Settings;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Api;

/// <summary>The API's entry point to the rules the page and the command line share (issue 15 §2):
/// the credential shape, the From check, the test before storing, the per-token test cap.</summary>
public sealed class ApiRulesTests : IDisposable
{
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

    private static object Local(LocalSmtpServer server, string password, bool? saveWithoutTesting = null) => new
    {
        preset = "custom", host = "127.0.0.1", port = server.Port, security = "none", username = LocalSmtpServer.UserName,
        password, fromAddress = "portal@example.test", saveWithoutTesting,
    };

    [Fact]
    public async Task ASendGridPasswordThatIsNoApiKeyIsRefusedAndNothingIsStored()
    {
        await using var api = new ApiPortal(_data.Path);
        using var client = await api.ClientWithScopesAsync(ApiScopes.Read | ApiScopes.Write);

        var response = await client.PutAsJsonAsync("/api/settings", new
        {
            preset = "sendgrid", host = "smtp.sendgrid.net", port = 587, security = "starttls", username = "apikey",
            password = "notakey", fromAddress = "alerts@example.test", saveWithoutTesting = true,
        }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("starts with SG.", (await JsonAsync(response)).GetProperty("errors").GetProperty("password")[0].GetString());
        Assert.Null(await api.Get<SmtpSettingsStore>().GetAsync(Ct));
    }

    [Fact]
    public async Task AFromOutsideTheAccountIsStoredWithTheWarningThePageShows()
    {
        await using var api = new ApiPortal(_data.Path);
        using var client = await api.ClientWithScopesAsync(ApiScopes.Write);

        var response = await client.PutAsJsonAsync("/api/settings", new
        {
            preset = "gmail", host = "smtp.gmail.com", port = 465, security = "ssl", username = "me@gmail.com",
            password = "abcdefghijklmnop", fromAddress = "alerts@example.test", saveWithoutTesting = true,
        }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var warning = Assert.Single((await JsonAsync(response)).GetProperty("warnings").EnumerateArray()).GetString();
        Assert.Contains("The From address is on example.test, but the account you log in with is on gmail.com", warning);
    }

    [Fact]
    public async Task ANewPasswordIsTestedBeforeItIsStoredUnlessTheCallerSavesWithoutTesting()
    {
        await using var smtp = LocalSmtpServer.Plain();
        await using var api = new ApiPortal(_data.Path);
        using var client = await api.ClientWithScopesAsync(ApiScopes.Write);

        var wrong = await client.PutAsJsonAsync("/api/settings", Local(smtp, "wrong password"), Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        var test = (await JsonAsync(wrong)).GetProperty("test");
        Assert.Equal("AuthenticationFailed", test.GetProperty("category").GetString());
        Assert.Equal("Auth", test.GetProperty("failedStage").GetString());
        Assert.Null(await api.Get<SmtpSettingsStore>().GetAsync(Ct));

        var right = await client.PutAsJsonAsync("/api/settings", Local(smtp, LocalSmtpServer.Password), Ct);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.True((await JsonAsync(right)).GetProperty("test").GetProperty("succeeded").GetBoolean());

        var untested = await client.PutAsJsonAsync("/api/settings", Local(smtp, "rotated elsewhere", saveWithoutTesting: true), Ct);
        Assert.Equal(HttpStatusCode.OK, untested.StatusCode);
        var entry = Assert.Single(await api.Get<AuditLog>().FindAsync(new AuditFilter(AuditAction.SettingsSavedWithoutTest), Ct));
        Assert.Equal("api:deploy script", entry.Actor);
    }

    [Fact]
    public async Task TheTestCapAppliesPerTokenEvenToConcurrentCalls()
    {
        await using var smtp = LocalSmtpServer.Plain();
        await using var api = new ApiPortal(_data.Path);
        Assert.True((await api.Get<SmtpSettingsStore>().SaveAsync(LocalSettings.For(smtp), null, Ct)).Succeeded);
        using var first = await api.ClientWithScopesAsync(ApiScopes.Test);
        using var second = await api.ClientWithScopesAsync(ApiScopes.Test);
        var perMinute = new SmtpPortal.Security.AdminSecurityOptions().TestSendsPerMinute;

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ =>
            first.PostAsJsonAsync("/api/settings/test", new { to = "ops@example.test" }, Ct)));
        var other = await second.PostAsJsonAsync("/api/settings/test", new { to = "ops@example.test" }, Ct);

        Assert.Equal(perMinute, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.Equal(12 - perMinute, refused.Count);
        var detail = (await JsonAsync(refused[0])).GetProperty("detail").GetString();
        Assert.Contains($"You have run {perMinute} tests in the last minute", detail);
        Assert.DoesNotContain("test emails in", detail);
        // Retry-After says, in whole seconds, what the words say: when the oldest run leaves the minute.
        var retryAfter = (int)refused[0].Headers.RetryAfter!.Delta!.Value.TotalSeconds;
        Assert.InRange(retryAfter, 1, 60);
        Assert.Contains($"The next one can start in {retryAfter} s.", detail);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(perMinute + 1, smtp.Messages.Count);
    }

    [Fact]
    public async Task ChecksAndTheTestBeforeSavingShareTheTokensCapAndSayWhenToRetry()
    {
        await using var smtp = LocalSmtpServer.Plain();
        await using var api = new ApiPortal(_data.Path);
        using var client = await api.ClientWithScopesAsync(ApiScopes.Write | ApiScopes.Test);
        var perMinute = new SmtpPortal.Security.AdminSecurityOptions().TestSendsPerMinute;
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync("/api/settings", Local(smtp, LocalSmtpServer.Password), Ct)).StatusCode);
        for (var check = 1; check < perMinute; check++)
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/settings/check", null, Ct)).StatusCode);
        var logins = smtp.Logins.Count;

        var capped = await client.PostAsync("/api/settings/check", null, Ct);
        var save = await client.PutAsJsonAsync("/api/settings", Local(smtp, "a new password"), Ct);

        foreach (var refused in new[] { capped, save })
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            var seconds = (int)refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds;
            Assert.InRange(seconds, 1, 60);
            var detail = (await JsonAsync(refused)).GetProperty("detail").GetString();
            Assert.Contains($"You have run {perMinute} tests in the last minute (test emails, connection checks and port probes count together). The next one can start in {seconds} s.", detail);
            if (refused == save)
                Assert.Contains("Nothing was stored.", detail);
        }
        Assert.Equal(logins, smtp.Logins.Count);
        Assert.Equal(1, (await api.Get<SmtpSettingsStore>().GetAsync(Ct))!.Revision);
    }

    [Fact]
    public async Task AnExportOfAnAccountThatSignsInWithOAuthSaysSo()
    {
        await using var api = new ApiPortal(_data.Path);
        await OAuthTestBed.PlantOutlookSignInAsync(api.Get<SmtpPortal.OAuth.OAuthGrantStore>(), api.Get<SmtpSettingsStore>(), api.Get<SmtpPortal.Providers.ProviderCatalog>());
        using var client = await api.ClientWithScopesAsync(ApiScopes.Read);

        var export = await client.GetAsync("/api/export/env", Ct);

        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Contains("signs in with Microsoft (OAuth2)", Assert.Single(export.Headers.GetValues("X-SmtpPortal-Note")));
    }
}
