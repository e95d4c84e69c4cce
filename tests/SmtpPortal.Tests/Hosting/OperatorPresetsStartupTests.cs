using System.Net;
using SmtpPortal.Hosting;
using SmtpPortal.Providers;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Hosting;

public sealed class OperatorPresetsStartupTests : IDisposable
{
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task APortalWithABrokenPresetsFileStartsAndOffersTheShippedPresets()
    {
        File.WriteAllText(new DataDirectory(_data.Path).PresetsFile, "{ this is not json");
        await using var portal = new PortalFactory(_data.Path);
        await portal.CreateAdminAsync();
        using var client = portal.CreateNonRedirectingClient();

        var response = await client.GetAsync("/signin", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ProviderCatalog.LoadShipped().All.Select(p => p.Id), portal.Get<ProviderCatalog>().All.Select(p => p.Id));
    }

    [Fact]
    public async Task APortalOffersTheOperatorsPresetsFromItsDataDirectory()
    {
        File.WriteAllText(new DataDirectory(_data.Path).PresetsFile, """
            [ { "id": "office-relay", "name": "Office relay", "hosts": [ { "host": "relay.office.example" } ],
                "ports": [ { "port": 25, "security": "None", "note": "on the office network only" } ],
                "notes": { "en": [ "Our relay." ] } } ]
            """);
        await using var portal = new PortalFactory(_data.Path);
        using var client = portal.CreateNonRedirectingClient();
        await client.GetAsync("/signin", TestContext.Current.CancellationToken);

        Assert.Equal("relay.office.example", portal.Get<ProviderCatalog>().Find("office-relay")?.DefaultHost);
    }
}
