using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SmtpPortal.Api;
using SmtpPortal.History;
using SmtpPortal.Relay;
using SmtpServer.Protocol;

namespace SmtpPortal.Tests.Relay;

/// <summary>/api/relay: the Relay and Sent mail pages over HTTP, behind the read and relay scopes.</summary>
public sealed class RelayApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<HttpClient> ClientAsync(RelayTestBed bed, ApiScopes scopes)
    {
        var created = await bed.Get<ApiTokenStore>().CreateAsync("deploy script", scopes, TimeSpan.FromDays(30), RelayTestBed.Admin, Ct);
        var client = bed.Portal.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.Secret);
        return client;
    }

    [Fact]
    public async Task ReadingNeedsTheReadScopeAndChangingTheRelayScope()
    {
        await using var bed = await RelayTestBed.StartAsync();
        using var reader = await ClientAsync(bed, ApiScopes.Read);
        using var manager = await ClientAsync(bed, ApiScopes.Relay);

        var status = JsonDocument.Parse(await reader.GetStringAsync("/api/relay", Ct)).RootElement;
        var forbidden = await reader.PutAsJsonAsync("/api/relay", new { enabled = false }, Ct);
        var off = await manager.PutAsJsonAsync("/api/relay", new { enabled = false, recordSubjects = true }, Ct);

        Assert.True(status.GetProperty("enabled").GetBoolean());
        Assert.Equal(bed.Port, status.GetProperty("port").GetInt32());
        Assert.Equal($"127.0.0.1:{bed.Port}", Assert.Single(status.GetProperty("listeningOn").EnumerateArray()).GetString());
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        // Applied at once in the running portal, not at the next look.
        Assert.Empty(bed.Get<RelayRuntime>().Current.Listening);
        Assert.True(bed.Get<RelayRuntime>().Current.RecordSubjects);
        Assert.Contains(await bed.Get<AuditLog>().FindAsync(new(AuditAction.RelayTurnedOff), Ct), e => e.Actor == "api:deploy script");
    }

    [Fact]
    public async Task AnAppLoginCreatedOverTheApiCarriesItsSecretOnceAndCanBeRevoked()
    {
        await using var bed = await RelayTestBed.StartAsync();
        using var client = await ClientAsync(bed, ApiScopes.Read | ApiScopes.Relay);

        var invalid = await client.PostAsJsonAsync("/api/relay/apps", new { name = "", allowedSenders = new[] { "x@" } }, Ct);
        var created = await client.PostAsJsonAsync("/api/relay/apps", new { name = "Discourse", allowedSenders = new[] { "portal@example.test" } }, Ct);
        var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync(Ct)).RootElement;
        var secret = body.GetProperty("secret").GetString()!;
        var id = body.GetProperty("app").GetProperty("id").GetInt32();
        var listed = await client.GetStringAsync("/api/relay/apps", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = JsonDocument.Parse(await invalid.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("errors");
        Assert.Contains("Name the login", errors.GetProperty("name")[0].GetString());
        Assert.Contains("\"x@\" is not a valid address", errors.GetProperty("allowedSenders")[0].GetString());
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal("discourse", body.GetProperty("app").GetProperty("userName").GetString());
        Assert.Equal(bed.Port, body.GetProperty("port").GetInt32());
        Assert.DoesNotContain(secret, listed);
        Assert.Contains("discourse", listed);
        using (var smtp = await bed.ConnectAsync("discourse", secret))
            await smtp.SendAsync(RelayTestBed.Message(), Ct);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/relay/apps/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.DeleteAsync($"/api/relay/apps/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync("/api/relay/apps/999", Ct)).StatusCode);
        await using var raw = await RawSmtp.ConnectAsync(bed.Port);
        Assert.StartsWith("535", await raw.LogInAsync("discourse", secret));
    }

    [Fact]
    public async Task TheQueueIsReadRetriedAndDeletedOverTheApi()
    {
        await using var bed = await RelayTestBed.StartAsync();
        var (app, secret) = await bed.CreateAppAsync();
        bed.Provider.DataReplies.Enqueue(new SmtpResponse((SmtpReplyCode)451, "4.3.0 Mailbox busy"));
        using (var smtp = await bed.ConnectAsync(app.UserName, secret))
            await smtp.SendAsync(RelayTestBed.Message(), Ct);
        var deferred = Assert.Single(await bed.WaitForLogAsync(l => l.Any(m => m.Status == RelayMessageStatus.Deferred), "a deferred message"));
        using var client = await ClientAsync(bed, ApiScopes.Read | ApiScopes.Relay);

        var queue = JsonDocument.Parse(await client.GetStringAsync("/api/relay/queue?status=deferred", Ct)).RootElement;
        var one = JsonDocument.Parse(await client.GetStringAsync($"/api/relay/queue/{deferred.Id}", Ct)).RootElement;
        var badFilter = await client.GetAsync("/api/relay/queue?status=lost", Ct);
        var retry = await client.PostAsync($"/api/relay/queue/{deferred.Id}/retry", null, Ct);

        Assert.Equal("deferred", Assert.Single(queue.EnumerateArray()).GetProperty("status").GetString());
        var attempt = Assert.Single(one.GetProperty("attempts").EnumerateArray());
        Assert.Equal("Temporary", attempt.GetProperty("category").GetString());
        Assert.False(attempt.GetProperty("permanent").GetBoolean());
        Assert.Equal(HttpStatusCode.BadRequest, badFilter.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, retry.StatusCode);
        await bed.Provider.WaitForMessagesAsync(1);
        await bed.WaitForLogAsync(l => l.Single().Status == RelayMessageStatus.Delivered, "delivered after the retry");
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"/api/relay/queue/{deferred.Id}/retry", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/relay/queue/{deferred.Id}", Ct)).StatusCode);
        Assert.Empty(await bed.LogAsync());
    }
}
