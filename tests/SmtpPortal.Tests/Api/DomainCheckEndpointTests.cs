using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmtpPortal.Api;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Api;

/// <summary>GET /api/domain-check: the page's SPF, DKIM and DMARC verdicts for scripts, in English.</summary>
public sealed class DomainCheckEndpointTests : IDisposable
{
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task ADomainWithoutRecordsGetsTheRecordsToAddInEnglishWhateverTheLanguage()
    {
        await using var dns = TestDnsServer.Start().Txt("example.com", "google-site-verification=abc");
        await using var api = new ApiPortal(_data.Path, dns.Configuration);
        using var client = await api.ClientWithScopesAsync(ApiScopes.Read);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");

        var response = await client.GetAsync("/api/domain-check?from=noreply@example.com&preset=google-workspace", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("example.com", body.GetProperty("domain").GetString());
        var findings = body.GetProperty("findings").EnumerateArray().ToList();
        var spf = findings.Single(f => f.GetProperty("code").GetString() == "SpfMissing");
        Assert.StartsWith("example.com has no SPF record", spf.GetProperty("message").GetString());
        Assert.Equal("v=spf1 include:_spf.google.com ~all", spf.GetProperty("add").GetProperty("value").GetString());
        var dmarc = findings.Single(f => f.GetProperty("code").GetString() == "DmarcMissing");
        Assert.Equal("_dmarc.example.com", dmarc.GetProperty("add").GetProperty("name").GetString());
    }

    [Fact]
    public async Task BadQueriesAreRefusedFieldByFieldAndATokenIsNeeded()
    {
        await using var dns = TestDnsServer.Start();
        await using var api = new ApiPortal(_data.Path, dns.Configuration);
        using var client = await api.ClientWithScopesAsync(ApiScopes.Read);
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/domain-check?from=noreply@example.com&preset=nosuch", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/domain-check?from=not-an-address", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/domain-check", ct)).StatusCode); // nothing stored yet
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Client().GetAsync("/api/domain-check?from=a@example.com", ct)).StatusCode);
        Assert.Equal(0, dns.Queries);
    }
}
