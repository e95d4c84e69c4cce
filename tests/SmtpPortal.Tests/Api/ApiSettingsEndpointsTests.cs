using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmtpPortal.Api;
using SmtpPortal.Data;
using SmtpPortal.Export;
using SmtpPortal.History;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Api;

/// <summary>The /api endpoints doing their work, through the same store and test path as the UI.</summary>
public sealed class ApiSettingsEndpointsTests : IDisposable
{
    private const string Secret = "api-unique-secret-🔑-\"quoted\"";
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    /// <summary>QQ settings saved without the test before storing: QQ's server is never contacted by tests.</summary>
    private static object QqSettings(string? password = Secret, int? revision = null, string host = "smtp.qq.com") => new
    {
        preset = "qq", host, port = 465, security = "ssl", username = "12345@qq.com", password,
        fromAddress = "12345@qq.com", fromName = "Server", revision, saveWithoutTesting = true,
    };

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken));

    [Fact]
    public async Task PutThenGetRoundTripsTheSettingsButNeverThePassword()
    {
        await using var api = new ApiPortal(_data.Path);
        using var client = await api.ClientWithScopesAsync(ApiScopes.Read | ApiScopes.Write);
        var ct = TestContext.Current.CancellationToken;

        var put = await client.PutAsJsonAsync("/api/settings", QqSettings(), ct);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var get = await client.GetAsync("/api/settings", ct);
        var text = await get.Content.ReadAsStringAsync(ct);
        var settings = JsonDocument.Parse(text).RootElement;

        Assert.Equal("qq", settings.GetProperty("preset").GetString());
        Assert.Equal("smtp.qq.com", settings.GetProperty("host").GetString());
        Assert.Equal("ssl", settings.GetProperty("security").GetString());
        Assert.True(settings.GetProperty("passwordSet").GetBoolean());
        Assert.False(settings.TryGetProperty("password", out _));
        Assert.DoesNotContain("api-unique-secret", text);
        Assert.DoesNotContain("api-unique-secret", await put.Content.ReadAsStringAsync(ct));
        var audit = Assert.Single(await api.Get<SmtpPortal.History.AuditLog>().FindAsync(new(), ct), e => e.Revision == 1);
        Assert.Equal("api:deploy script", audit.Actor);
        Assert.DoesNotContain("api-unique-secret", audit.Details + audit.Fields);
    }

    [Fact]
    public async Task InvalidSettingsAreRefusedFieldByFieldAndNothingIsStored()
    {
        await using var api = new ApiPortal(_data.Path);
        using var client = await api.ClientWithScopesAsync(ApiScopes.Read | ApiScopes.Write);
        var ct = TestContext.Current.CancellationToken;

        var response = await client.PutAsJsonAsync("/api/settings", new
        {
            preset = "qq", host = "smtp://bad host", port = 70000, security = "ssl", username = "a@qq.com",
            password = "x", fromAddress = "not-an-address", fromName = "Evil\r\nBcc: victim@example.test",
        }, ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await JsonAsync(response)).GetProperty("errors");
        foreach (var field in new[] { "host", "port", "fromAddress", "fromName" })
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/settings", ct)).StatusCode);
    }

    [Theory]
    [InlineData("nonsense", "security")]
    [InlineData("ssl", "preset")]
    public async Task UnknownWordsAreRefusedWithTheKnownOnes(string security, string field)
    {
        await using var api = new ApiPortal(_data.Path);
        using var client = await api.ClientWithScopesAsync(ApiScopes.Write);

        var response = await client.PutAsJsonAsync("/api/settings", new
        {
            preset = field == "preset" ? "no-such-preset" : "qq", host = "smtp.qq.com", port = 465, security,
            username = "a@qq.com", password = "x", fromAddress = "a@qq.com",
        }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await JsonAsync(response)).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task MalformedBodiesAndUnknownPathsAnswerJsonNotTheHtmlErrorPage()
    {
        await using var api = new ApiPortal(_data.Path);
        using var client = await api.ClientWithScopesAsync(ApiScopes.Read | ApiScopes.Write);
        var ct = TestContext.Current.CancellationToken;

        var malformed = await client.PutAsync("/api/settings", new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json"), ct);
        var unknown = await client.GetAsync("/api/no-such-endpoint", ct);

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task MovingTheStoredPasswordToAnotherServerNeedsItRetypedAsInTheUi()
    {
        await using var api = new ApiPortal(_data.Path);
        using var client = await api.ClientWithScopesAsync(ApiScopes.Write);
        var ct = TestContext.Current.CancellationToken;
        await client.PutAsJsonAsync("/api/settings", QqSettings(), ct);

        var moved = await client.PutAsJsonAsync("/api/settings", QqSettings(password: null, host: "evil.example.test"), ct);

        Assert.Equal(HttpStatusCode.BadRequest, moved.StatusCode);
        Assert.Contains("enter the password again", (await JsonAsync(moved)).GetProperty("errors").GetProperty("password")[0].GetString());
    }

    [Fact]
    public async Task AStaleRevisionIsAConflict()
    {
        await using var api = new ApiPortal(_data.Path);
        using var client = await api.ClientWithScopesAsync(ApiScopes.Write);
        var ct = TestContext.Current.CancellationToken;
        var first = await JsonAsync(await client.PutAsJsonAsync("/api/settings", QqSettings(), ct));
        var revision = first.GetProperty("revision").GetInt32();
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync("/api/settings", QqSettings(null, revision), ct)).StatusCode);

        var stale = await client.PutAsJsonAsync("/api/settings", QqSettings(null, revision), ct);

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
    }

    [Fact]
    public async Task AReadSecretTokenGetsThePasswordWhenItAsks()
    {
        await using var api = new ApiPortal(_data.Path);
        using var writer = await api.ClientWithScopesAsync(ApiScopes.Write);
        using var reader = await api.ClientWithScopesAsync(ApiScopes.Read | ApiScopes.ReadSecret);
        var ct = TestContext.Current.CancellationToken;
        await writer.PutAsJsonAsync("/api/settings", QqSettings(), ct);

        var settings = await JsonAsync(await reader.GetAsync("/api/settings?includePassword=true", ct));
        var export = await reader.GetStringAsync("/api/export/env?includePassword=true", ct);
        var placeholderExport = await reader.GetStringAsync("/api/export/env", ct);

        Assert.Equal(Secret, settings.GetProperty("password").GetString());
        Assert.Contains(Secret, export);
        Assert.DoesNotContain("api-unique-secret", placeholderExport);
        Assert.Contains(ExportValues.PasswordPlaceholder, placeholderExport);
    }

    [Fact]
    public async Task EveryApiReadOfThePasswordIsRecordedUnderTheTokensNameWithoutThePassword()
    {
        await using var api = new ApiPortal(_data.Path);
        using var writer = await api.ClientWithScopesAsync(ApiScopes.Write);
        using var reader = await api.ClientWithScopesAsync(ApiScopes.Read | ApiScopes.ReadSecret);
        var ct = TestContext.Current.CancellationToken;
        await writer.PutAsJsonAsync("/api/settings", QqSettings(), ct);
        var db = api.Get<Microsoft.EntityFrameworkCore.IDbContextFactory<PortalDbContext>>();

        await reader.GetStringAsync("/api/settings", ct);
        await reader.GetStringAsync("/api/export/env", ct);
        Assert.Empty(await AuditTable.EntriesAsync(db, AuditAction.SecretRevealed));
        await reader.GetStringAsync("/api/settings?includePassword=true", ct);
        await reader.GetStringAsync("/api/export/env?includePassword=true", ct);

        var revealed = await AuditTable.EntriesAsync(db, AuditAction.SecretRevealed);
        Assert.Equal(["SMTP password shown in clear via API: GET /api/settings", "SMTP password shown in clear via API: export env"],
            revealed.Select(e => e.Details));
        Assert.All(revealed, e => Assert.Equal("api:deploy script", e.Actor));
        Assert.DoesNotContain("api-unique-secret", await AuditTable.RawTextAsync(db));
    }

    [Fact]
    public async Task ExportsComeAsTextAndUnknownFormatsAre404()
    {
        await using var api = new ApiPortal(_data.Path);
        using var client = await api.ClientWithScopesAsync(ApiScopes.Read | ApiScopes.Write);
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/export/env", ct)).StatusCode);
        await client.PutAsJsonAsync("/api/settings", QqSettings(), ct);

        var gitea = await client.GetAsync("/api/export/gitea", ct);

        Assert.Equal("text/plain", gitea.Content.Headers.ContentType?.MediaType);
        Assert.Contains("PROTOCOL = smtps", await gitea.Content.ReadAsStringAsync(ct));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/export/sendmail", ct)).StatusCode);
    }

    /// <summary>Scripts parse the API's answers: a Chinese Accept-Language (or language cookie)
    /// changes nothing, from validation messages to the comments inside an export.</summary>
    [Fact]
    public async Task TheApiAnswersInEnglishWhateverLanguageTheCallerAsksFor()
    {
        await using var api = new ApiPortal(_data.Path);
        using var client = await api.ClientWithScopesAsync(ApiScopes.Read | ApiScopes.Write);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN,zh;q=0.9");
        client.DefaultRequestHeaders.Add("Cookie", $"{SmtpPortal.Localization.UiLanguage.CookieName}=c%3Dzh-CN%7Cuic%3Dzh-CN");
        var ct = TestContext.Current.CancellationToken;
        await client.PutAsJsonAsync("/api/settings", QqSettings(), ct);

        var gitea = await (await client.GetAsync("/api/export/gitea", ct)).Content.ReadAsStringAsync(ct);
        var refused = await (await client.PutAsJsonAsync("/api/settings", QqSettings(host: ""), ct)).Content.ReadAsStringAsync(ct);

        Assert.StartsWith("; SMTP settings exported by SmtpPortal for Gitea.", gitea);
        Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}", gitea + refused);
    }

    [Fact]
    public async Task ATestSendGoesThroughTheLocalServerAndIsRecorded()
    {
        await using var smtp = LocalSmtpServer.Plain();
        await using var api = new ApiPortal(_data.Path);
        using var client = await api.ClientWithScopesAsync(ApiScopes.Write | ApiScopes.Test);
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync("/api/settings/test", new { to = "ops@example.test" }, ct)).StatusCode);
        var put = await client.PutAsJsonAsync("/api/settings", new
        {
            preset = "custom", host = "127.0.0.1", port = smtp.Port, security = "none",
            username = LocalSmtpServer.UserName, password = LocalSmtpServer.Password, fromAddress = "portal@example.test",
        }, ct);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var response = await client.PostAsJsonAsync("/api/settings/test", new { to = "ops@example.test" }, ct);
        var bad = await client.PostAsJsonAsync("/api/settings/test", new { to = "not an address" }, ct);

        var result = await JsonAsync(response);
        Assert.True(result.GetProperty("succeeded").GetBoolean(), result.ToString());
        Assert.Equal("ops@example.test", Assert.Single(smtp.Messages).To.Mailboxes.Single().Address);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var latest = await api.Get<SmtpPortal.Smtp.TestEmailService>().GetLatestAsync(ct);
        Assert.Equal("api:deploy script", latest!.AdminName);
    }

    [Fact]
    public async Task PresetsListTheCatalogWithTheirPortsAndModes()
    {
        await using var api = new ApiPortal(_data.Path);
        using var client = await api.ClientWithScopesAsync(ApiScopes.Read);

        var presets = await JsonAsync(await client.GetAsync("/api/presets", TestContext.Current.CancellationToken));
        var qq = presets.EnumerateArray().Single(p => p.GetProperty("id").GetString() == "qq");

        Assert.Equal("smtp.qq.com", qq.GetProperty("hosts")[0].GetString());
        Assert.Contains(qq.GetProperty("ports").EnumerateArray(),
            p => p.GetProperty("port").GetInt32() == 587 && p.GetProperty("security").GetString() == "starttls");
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesOnlyTheApi()
    {
        await using var api = new ApiPortal(_data.Path);
        using var client = await api.ClientWithScopesAsync(ApiScopes.Read);

        var document = await JsonAsync(await client.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken));
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        Assert.Contains("/api/settings", paths);
        Assert.Contains("/api/settings/test", paths);
        Assert.Contains("/api/presets", paths);
        Assert.Contains("/api/export/{format}", paths);
        Assert.Contains("/api/alerts/channels", paths);
        Assert.Contains("/api/alerts/channels/{id}/test", paths);
        Assert.All(paths, p => Assert.StartsWith("/api/", p));
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiToken");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
    }
}
