using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmtpPortal.Alerts;
using SmtpPortal.Api;
using SmtpPortal.History;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Api;

/// <summary>/api/alerts/channels: the Alerts page's channels over HTTP, behind the read and alerts
/// scopes, with a webhook receiver of the tests as the channels' far end.</summary>
public sealed class AlertsApiTests : IAsyncLifetime
{
    private const string RobotKey = "query-secret-robot-key-0123456789";
    private const string PathSecret = "path-secret-0123456789abcdef";
    private const string SigningSecret = "a signing secret of some length";

    private readonly TempFolder _data = new();
    private WebhookReceiver _receiver = default!;
    private ApiPortal _api = default!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        _api = new ApiPortal(_data.Path);
    }

    public async ValueTask DisposeAsync()
    {
        await _api.DisposeAsync();
        await _receiver.DisposeAsync();
        _data.Dispose();
    }

    private string WebhookUrl => _receiver.Url($"/hooks/{PathSecret}?token={RobotKey}");

    private static async Task<(HttpStatusCode Status, string Text)> ReadAsync(Task<HttpResponseMessage> sending)
    {
        using var response = await sending;
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    private static void AssertNoSecret(string text)
    {
        foreach (var secret in new[] { RobotKey, PathSecret, SigningSecret })
            Assert.DoesNotContain(secret, text);
    }

    [Fact]
    public async Task AChannelIsAddedListedTestedAndRemovedAndItsSecretsNeverComeBack()
    {
        using var client = await _api.ClientWithScopesAsync(ApiScopes.Read | ApiScopes.Alerts);

        var added = await ReadAsync(client.PostAsJsonAsync("/api/alerts/channels",
            new { kind = "Webhook", name = "monitoring", language = "zh-cn", url = WebhookUrl, secret = SigningSecret }, Ct));
        var channel = JsonDocument.Parse(added.Text).RootElement;
        var id = channel.GetProperty("id").GetInt32();
        var listed = await ReadAsync(client.GetAsync("/api/alerts/channels", Ct));
        var tested = await ReadAsync(client.PostAsync($"/api/alerts/channels/{id}/test", null, Ct));

        Assert.Equal(HttpStatusCode.Created, added.Status);
        Assert.Equal(("monitoring", "webhook", "zh-CN"),
            (channel.GetProperty("name").GetString(), channel.GetProperty("kind").GetString(), channel.GetProperty("language").GetString()));
        Assert.Equal(HttpStatusCode.OK, listed.Status);
        Assert.Equal(id, Assert.Single(JsonDocument.Parse(listed.Text).RootElement.EnumerateArray()).GetProperty("id").GetInt32());
        Assert.Equal(HttpStatusCode.OK, tested.Status);
        var outcome = JsonDocument.Parse(tested.Text).RootElement;
        Assert.True(outcome.GetProperty("delivered").GetBoolean());
        Assert.Equal(JsonValueKind.Null, outcome.GetProperty("problem").ValueKind);
        var request = Assert.Single(_receiver.Requests);
        Assert.Equal($"/hooks/{PathSecret}", request.Path);
        Assert.Equal(AlertFormats.WebhookSignature(request.Body, SigningSecret), request.Headers[AlertFormats.SignatureHeader]);
        Assert.Equal("SmtpPortal 测试告警", (string)request.Json["title"]!);

        var removed = await ReadAsync(client.DeleteAsync($"/api/alerts/channels/{id}", Ct));
        var again = await ReadAsync(client.DeleteAsync($"/api/alerts/channels/{id}", Ct));
        var testGone = await ReadAsync(client.PostAsync($"/api/alerts/channels/{id}/test", null, Ct));

        Assert.Equal(HttpStatusCode.NoContent, removed.Status);
        Assert.Equal(HttpStatusCode.NotFound, again.Status);
        Assert.Contains("No alert channel with this id.", again.Text);
        Assert.Equal(HttpStatusCode.NotFound, testGone.Status);
        Assert.Equal("[]", (await ReadAsync(client.GetAsync("/api/alerts/channels", Ct))).Text);
        foreach (var text in new[] { added.Text, listed.Text, tested.Text, again.Text })
            AssertNoSecret(text);
        var history = await _api.Get<AuditLog>().FindAsync(new(), Ct);
        Assert.Contains(history, e => e.Action == AuditAction.AlertChannelAdded && e.Actor == "api:deploy script");
        Assert.Contains(history, e => e.Action == AuditAction.AlertSent && e.Actor == "api:deploy script");
        Assert.Contains(history, e => e.Action == AuditAction.AlertChannelRemoved && e.Actor == "api:deploy script");
        AssertNoSecret(string.Join("\n", history.Select(e => e.Details)));
    }

    [Fact]
    public async Task ABadUrlIsRefusedNamingTheFieldAndNothingIsStored()
    {
        using var client = await _api.ClientWithScopesAsync(ApiScopes.Read | ApiScopes.Alerts);

        var badUrl = await ReadAsync(client.PostAsJsonAsync("/api/alerts/channels",
            new { kind = "wecom", name = "ops", url = $"ftp://example.com/{PathSecret}" }, Ct));
        var badAll = await ReadAsync(client.PostAsJsonAsync("/api/alerts/channels",
            new { kind = "pager", language = "fr", secret = SigningSecret }, Ct));
        var shortSecret = await ReadAsync(client.PostAsJsonAsync("/api/alerts/channels",
            new { kind = "webhook", name = "hook", url = WebhookUrl, secret = "short" }, Ct));

        Assert.Equal(HttpStatusCode.BadRequest, badUrl.Status);
        var errors = JsonDocument.Parse(badUrl.Text).RootElement.GetProperty("errors");
        Assert.Equal(["url"], errors.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Paste the robot's full webhook URL, starting with https://.", errors.GetProperty("url")[0].GetString());
        var all = JsonDocument.Parse(badAll.Text).RootElement.GetProperty("errors");
        Assert.Equal("Choose a channel type: webhook, wecom, dingtalk, feishu, slack, telegram, email.", all.GetProperty("kind")[0].GetString());
        Assert.Equal("Choose English or Simplified Chinese (en, zh-CN).", all.GetProperty("language")[0].GetString());
        Assert.Equal("Give the channel a name.", all.GetProperty("name")[0].GetString());
        Assert.Equal("The signing secret needs at least 16 characters: the receiver verifies the signature with it.",
            JsonDocument.Parse(shortSecret.Text).RootElement.GetProperty("errors").GetProperty("secret")[0].GetString());
        Assert.Equal("[]", (await ReadAsync(client.GetAsync("/api/alerts/channels", Ct))).Text);
        foreach (var text in new[] { badUrl.Text, badAll.Text, shortSecret.Text })
            AssertNoSecret(text);
    }

    [Fact]
    public async Task ListingNeedsTheReadScopeAndManagingTheAlertsScope()
    {
        using var reader = await _api.ClientWithScopesAsync(ApiScopes.Read | ApiScopes.Write | ApiScopes.Relay);
        using var manager = await _api.ClientWithScopesAsync(ApiScopes.Alerts);

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/alerts/channels", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsJsonAsync("/api/alerts/channels", new { kind = "slack", name = "x", url = WebhookUrl }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.DeleteAsync("/api/alerts/channels/1", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync("/api/alerts/channels/1/test", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.GetAsync("/api/alerts/channels", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await manager.PostAsJsonAsync("/api/alerts/channels", new { kind = "slack", name = "x", url = WebhookUrl }, Ct)).StatusCode);
        Assert.Empty(_receiver.Requests);
    }

    [Fact]
    public async Task ATestAlertTheChannelRefusesSaysWhyWithoutEchoingTheRobotsKey()
    {
        // A receiver that quotes the request back, key and all, in its error.
        _receiver.Answer = request => (403, $"{{\"error\":\"forbidden: {request.Path}?token={request.Query["token"]}\"}}");
        using var client = await _api.ClientWithScopesAsync(ApiScopes.Alerts);
        var id = JsonDocument.Parse((await ReadAsync(client.PostAsJsonAsync("/api/alerts/channels",
            new { kind = "slack", name = "ops", url = WebhookUrl }, Ct))).Text).RootElement.GetProperty("id").GetInt32();

        var tested = await ReadAsync(client.PostAsync($"/api/alerts/channels/{id}/test", null, Ct));

        Assert.Equal(HttpStatusCode.OK, tested.Status);
        var outcome = JsonDocument.Parse(tested.Text).RootElement;
        Assert.False(outcome.GetProperty("delivered").GetBoolean());
        Assert.Equal("HTTP 403: {\"error\":\"forbidden: /hooks/[redacted]?token=[redacted]\"}", outcome.GetProperty("problem").GetString());
        AssertNoSecret(tested.Text);
        var failed = Assert.Single(await _api.Get<AuditLog>().FindAsync(new(AuditAction.AlertFailed), Ct));
        AssertNoSecret(failed.Details);
    }
}
