using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SmtpPortal.Api;
using SmtpPortal.Cli;
using SmtpPortal.Settings;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Api;

/// <summary>Every API error is problem-details JSON that names the field and says what is wrong
/// with it in words; nothing under /api ever answers with the sign-in page.</summary>
public sealed class ApiErrorTests : IDisposable
{
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    private static string FieldError(JsonElement problem, string field) =>
        problem.GetProperty("errors").GetProperty(field)[0].GetString()!;

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Theory]
    [InlineData("""{"port":"five"}""", "port", "Expected a whole number (like 587), not text.")]
    [InlineData("""{"port":58.7}""", "port", "Expected a whole number (like 587).")]
    [InlineData("""{"host":42}""", "host", "Expected text in quotes, not a number.")]
    [InlineData("""{"revision":true}""", "revision", "Expected a whole number (like 587), not true or false.")]
    [InlineData("""{"username":["a"]}""", "username", "Expected text in quotes, not a list.")]
    [InlineData("""{"fromName":{"x":1}}""", "fromName", "Expected text in quotes, not an object.")]
    public async Task AWrongJsonTypeNamesTheFieldAndTheTypeItNeeds(string body, string field, string problem)
    {
        await using var api = new ApiPortal(_data.Path);
        using var client = await api.ClientWithScopesAsync(ApiScopes.Write);

        var response = await client.PutAsync("/api/settings", Json(body), Ct);

        var json = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(problem, FieldError(json, field));
        Assert.DoesNotContain("System.", await response.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [InlineData("""{"port": 587,""", "The body is not valid JSON (line 1, character 13).")]
    [InlineData("""{"port": 587 "host": "x"}""", "The body is not valid JSON (line 1, character 14).")]
    [InlineData("not json", "The body is not valid JSON (line 1, character 2).")]
    [InlineData("", "Send the request's data as a JSON object in the body.")]
    public async Task AMalformedOrMissingBodyIsNamedAsTheBody(string body, string problem)
    {
        await using var api = new ApiPortal(_data.Path);
        using var client = await api.ClientWithScopesAsync(ApiScopes.Write | ApiScopes.Test);

        foreach (var path in new[] { "/api/settings", "/api/settings/test" })
        {
            var response = path.EndsWith("test", StringComparison.Ordinal)
                ? await client.PostAsync(path, Json(body), Ct)
                : await client.PutAsync(path, Json(body), Ct);
            Assert.Equal(problem, FieldError(await ProblemAsync(response, HttpStatusCode.BadRequest), "body"));
        }
    }

    [Fact]
    public async Task AWrongQueryValueNamesTheParameter()
    {
        await using var api = new ApiPortal(_data.Path);
        using var client = await api.ClientWithScopesAsync(ApiScopes.Read);

        var response = await client.GetAsync("/api/settings?includePassword=maybe", Ct);

        Assert.Equal("Expected true or false, not 'maybe'.", FieldError(await ProblemAsync(response, HttpStatusCode.BadRequest), "includePassword"));
    }

    [Fact]
    public async Task AWrongContentTypeIs415NamingTheHeaderNot404()
    {
        await using var api = new ApiPortal(_data.Path);
        using var client = await api.ClientWithScopesAsync(ApiScopes.Write);

        var response = await client.PutAsync("/api/settings", new StringContent("""{"host":"x"}""", Encoding.UTF8, "text/plain"), Ct);

        var problem = await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("Send the body as JSON with the header Content-Type: application/json (this was text/plain).", FieldError(problem, "Content-Type"));
    }

    [Fact]
    public async Task HeadAndOptionsUnderApiNeverRedirectToSignIn()
    {
        await using var api = new ApiPortal(_data.Path);
        using var anonymous = api.Client();
        using var client = await api.ClientWithScopesAsync(ApiScopes.Read);

        foreach (var method in new[] { HttpMethod.Head, HttpMethod.Options })
        {
            var refused = await anonymous.SendAsync(new HttpRequestMessage(method, "/api/settings"), Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("Bearer", refused.Headers.WwwAuthenticate.Single().Scheme);
        }

        var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/settings"), Ct);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, head.StatusCode);
        Assert.Equal(["GET", "PUT"], head.Content.Headers.Allow.Order());

        var options = await client.SendAsync(new HttpRequestMessage(HttpMethod.Options, "/api/settings"), Ct);
        Assert.Equal(HttpStatusCode.NoContent, options.StatusCode);
        Assert.Equal(["GET", "PUT"], options.Content.Headers.Allow.Order());

        var delete = await client.DeleteAsync("/api/settings", Ct);
        var problem = await ProblemAsync(delete, HttpStatusCode.MethodNotAllowed);
        Assert.Equal("DELETE is not allowed on /api/settings; use GET or PUT.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AConflictWithoutARevisionSaysWhatHappenedAndNamesTheRevision()
    {
        await using var api = new ApiPortal(_data.Path);
        var store = api.Get<SmtpSettingsStore>();
        var saved = await store.SaveAsync(new SmtpSettingsInput
        {
            Host = "smtp.example.com", Port = 587, Username = "mailer", Password = "secret", FromAddress = "a@example.com",
        }, null, Ct);
        using var client = await api.ClientWithScopesAsync(ApiScopes.Write);

        // A save that lands between the API reading the revision and writing: a stale revision
        // given explicitly is what the same race looks like from outside.
        var stale = await client.PutAsJsonAsync("/api/settings", new
        {
            preset = "custom", host = "smtp.example.com", port = 587, security = "starttls", username = "mailer",
            fromAddress = "b@example.com", revision = saved.Settings!.Revision - 1,
        }, Ct);
        var problem = await ProblemAsync(stale, HttpStatusCode.Conflict);
        Assert.Contains("revision 0", FieldError(problem, "revision"));
        Assert.Contains("is now 1", FieldError(problem, "revision"));
    }

    [Fact]
    public async Task TheCommandLineSaysInWordsWhatAPortMustBe()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await PortalCommandLine.RunAsync(["settings", "set", "--port", "abc"], new CliConsole(output, error, new MemoryStream()),
            new Dictionary<string, string?> { ["SmtpPortal:DataDirectory"] = _data.Path }, Ct);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("--port must be a whole number, not 'abc'.", error.ToString());
        Assert.DoesNotContain("System.", error.ToString());
    }
}
