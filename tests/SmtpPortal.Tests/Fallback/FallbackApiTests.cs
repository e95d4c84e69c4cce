using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmtpPortal.Api;
using SmtpPortal.Fallback;
using SmtpPortal.History;
using SmtpPortal.Tests.Api;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Fallback;

/// <summary>/api/fallback: the Fallback provider page over HTTP, with the settings' scopes (read,
/// write) and the test scope for its check; never its password.</summary>
public sealed class FallbackApiTests : IDisposable
{
    private const string Secret = "fallback-api-Secret-7c1d";
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

    private static object Body(LocalSmtpServer server, string? password = Secret, int? switchAfterMinutes = 15) => new
    {
        preset = "custom", host = "127.0.0.1", port = server.Port, security = "none", username = LocalSmtpServer.UserName,
        password, fromAddress = "portal@example.test", switchAfterMinutes,
    };

    [Fact]
    public async Task ReadingNeedsTheReadScopeWritingTheWriteScopeAndThePasswordNeverComesBack()
    {
        await using var server = LocalSmtpServer.Plain();
        await using var api = new ApiPortal(_data.Path);
        using var reader = await api.ClientWithScopesAsync(ApiScopes.Read);
        using var writer = await api.ClientWithScopesAsync(ApiScopes.Write);

        var none = await reader.GetAsync("/api/fallback", Ct);
        var forbidden = await reader.PutAsJsonAsync("/api/fallback", Body(server), Ct);
        var saved = await writer.PutAsJsonAsync("/api/fallback", Body(server), Ct);
        var savedText = await saved.Content.ReadAsStringAsync(Ct);
        var read = await reader.GetStringAsync("/api/fallback", Ct);

        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Contains("No fallback provider is set", (await JsonAsync(none)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.DoesNotContain(Secret, savedText + read);
        var fallback = JsonDocument.Parse(read).RootElement;
        Assert.Equal("127.0.0.1", fallback.GetProperty("host").GetString());
        Assert.Equal("none", fallback.GetProperty("security").GetString());
        Assert.True(fallback.GetProperty("passwordSet").GetBoolean());
        Assert.Equal(15, fallback.GetProperty("switchAfterMinutes").GetInt32());
        Assert.False(fallback.GetProperty("inUse").GetBoolean());
        Assert.Equal(JsonValueKind.Null, fallback.GetProperty("inUseSince").ValueKind);
        Assert.Contains(await api.Get<AuditLog>().FindAsync(new(AuditAction.FallbackAdded), Ct), e => e.Actor == "api:deploy script");
        var (_, connection, _) = await api.Get<SmtpPortal.Smtp.SmtpConnections>().ForFallbackAsync(Ct);
        Assert.Equal(Secret, connection!.Password);
    }

    [Fact]
    public async Task ARefusedFallbackNamesEachFieldInProblemDetailsAndStoresNothing()
    {
        await using var server = LocalSmtpServer.Plain();
        await using var api = new ApiPortal(_data.Path);
        using var writer = await api.ClientWithScopesAsync(ApiScopes.Write | ApiScopes.Read);

        var refused = await writer.PutAsJsonAsync("/api/fallback", new
        {
            preset = "custom", host = "", port = 587, security = "starttls", username = "backup@example.test",
            fromAddress = "not an address", switchAfterMinutes = 0,
        }, Ct);
        var unknown = await writer.PutAsJsonAsync("/api/fallback", new { preset = "no-such", host = "smtp.example.test", port = 587, security = "tls1.3" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        var errors = (await JsonAsync(refused)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("host", out _));
        Assert.True(errors.TryGetProperty("fromAddress", out _));
        Assert.Equal("Give a number of minutes from 1 to 1440.", errors.GetProperty("switchAfterMinutes")[0].GetString());
        var unknownErrors = (await JsonAsync(unknown)).GetProperty("errors");
        Assert.StartsWith("Unknown preset.", unknownErrors.GetProperty("preset")[0].GetString());
        Assert.StartsWith("Use one of:", unknownErrors.GetProperty("security")[0].GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await writer.GetAsync("/api/fallback", Ct)).StatusCode);

        // A new account needs its password; the answer is English whatever the caller's language.
        writer.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        var noPassword = await writer.PutAsJsonAsync("/api/fallback", Body(server, password: null), Ct);
        Assert.Equal("Enter the password (or authorization code) of the fallback account.",
            (await JsonAsync(noPassword)).GetProperty("errors").GetProperty("password")[0].GetString());
    }

    [Fact]
    public async Task TheCheckNeedsTheTestScopeAndAnswersWithTheRunsReport()
    {
        await using var server = LocalSmtpServer.Plain();
        server.AcceptedPasswords[Secret] = true;
        await using var api = new ApiPortal(_data.Path);
        using var writer = await api.ClientWithScopesAsync(ApiScopes.Write);
        using var tester = await api.ClientWithScopesAsync(ApiScopes.Test);

        var nothingYet = await tester.PostAsync("/api/fallback/check", null, Ct);
        Assert.Equal(HttpStatusCode.OK, (await writer.PutAsJsonAsync("/api/fallback", Body(server), Ct)).StatusCode);
        var forbidden = await writer.PostAsync("/api/fallback/check", null, Ct);
        var passed = await JsonAsync(await tester.PostAsync("/api/fallback/check", null, Ct));
        server.AcceptedPasswords.Clear();
        var failed = await JsonAsync(await tester.PostAsync("/api/fallback/check", null, Ct));

        Assert.Equal(HttpStatusCode.NotFound, nothingYet.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.True(passed.GetProperty("succeeded").GetBoolean());
        Assert.StartsWith("Connection works", passed.GetProperty("summary").GetString());
        Assert.False(failed.GetProperty("succeeded").GetBoolean());
        Assert.Equal("AuthenticationFailed", failed.GetProperty("category").GetString());
        Assert.Equal("Auth", failed.GetProperty("failedStage").GetString());
        Assert.Empty(server.Messages);
        Assert.Single(await api.Get<AuditLog>().FindAsync(new(AuditAction.FallbackCheckFailed), Ct));
    }

    [Fact]
    public async Task TheChecksOfOneTokenStopAtThePerMinuteCapWithRetryAfter()
    {
        await using var server = LocalSmtpServer.Plain();
        await using var api = new ApiPortal(_data.Path);
        Assert.True((await api.Get<FallbackProviderStore>().SaveAsync(FallbackTestBed.Input(server), new AuditActor("admin", null), Ct)).Succeeded);
        using var tester = await api.ClientWithScopesAsync(ApiScopes.Test);
        var perMinute = new SmtpPortal.Security.AdminSecurityOptions().TestSendsPerMinute;

        for (var i = 0; i < perMinute; i++)
            Assert.Equal(HttpStatusCode.OK, (await tester.PostAsync("/api/fallback/check", null, Ct)).StatusCode);
        var capped = await tester.PostAsync("/api/fallback/check", null, Ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, capped.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(1), capped.Headers.RetryAfter!.Delta);
        Assert.Equal(perMinute, server.Logins.Count);
    }

    [Fact]
    public async Task InUseSinceAndWhyAreReadAndRemovingTheFallbackGivesTheMailBack()
    {
        await using var server = LocalSmtpServer.Plain();
        await using var api = new ApiPortal(_data.Path);
        var store = api.Get<FallbackProviderStore>();
        Assert.True((await store.SaveAsync(FallbackTestBed.Input(server), new AuditActor("admin", null), Ct)).Succeeded);
        var since = api.Clock.GetUtcNow();
        await store.SetInUseAsync(since, SmtpPortal.Smtp.SendOutcome.Failed(SmtpPortal.Smtp.SmtpFailureCategory.AuthenticationFailed) with { Summary = "The server rejected the username or password." },
            AuditEntry.Of(AuditAction.SwitchedToFallback, ProviderFailover.Actor, since, "test"), Ct);
        using var client = await api.ClientWithScopesAsync(ApiScopes.Read | ApiScopes.Write);

        var fallback = await JsonAsync(await client.GetAsync("/api/fallback", Ct));
        var removed = await client.DeleteAsync("/api/fallback", Ct);
        var again = await client.DeleteAsync("/api/fallback", Ct);

        Assert.True(fallback.GetProperty("inUse").GetBoolean());
        Assert.Equal(since, fallback.GetProperty("inUseSince").GetDateTimeOffset());
        Assert.Equal("The server rejected the username or password.", fallback.GetProperty("switchReason").GetString());
        Assert.Equal("AuthenticationFailed", fallback.GetProperty("switchCategory").GetString());
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        var entry = Assert.Single(await api.Get<AuditLog>().FindAsync(new(AuditAction.FallbackRemoved), Ct));
        Assert.Contains("the main provider carries it again", entry.Details);
        Assert.Null(await store.GetAsync(Ct));
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheFallbackEndpoints()
    {
        await using var api = new ApiPortal(_data.Path);
        using var client = await api.ClientWithScopesAsync(ApiScopes.Read);

        var document = await JsonAsync(await client.GetAsync("/openapi/v1.json", Ct));
        var paths = document.GetProperty("paths");

        var fallback = paths.GetProperty("/api/fallback");
        Assert.True(fallback.TryGetProperty("get", out _) && fallback.TryGetProperty("put", out _) && fallback.TryGetProperty("delete", out _));
        Assert.Contains("inUse", fallback.GetProperty("get").GetProperty("summary").GetString());
        Assert.True(paths.GetProperty("/api/fallback/check").TryGetProperty("post", out _));
    }
}
