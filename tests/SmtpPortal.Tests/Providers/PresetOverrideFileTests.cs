using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmtpPortal.Hosting;
using SmtpPortal.Providers;
using SmtpPortal.Smtp;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Providers;

public sealed class PresetOverrideFileTests : IDisposable
{
    private readonly TempFolder _data = new();
    private readonly ListLogger _log = new();

    public void Dispose() => _data.Dispose();

    private string PresetsFile => new DataDirectory(_data.Path).PresetsFile;

    private ProviderCatalog Load(string json)
    {
        File.WriteAllText(PresetsFile, json);
        return PresetOverrideFile.Apply(ProviderCatalog.LoadShipped(), PresetsFile, _log);
    }

    private const string OfficeRelay = """
        {
          "id": "office-relay",
          "name": "Office relay",
          "hosts": [ { "host": "relay.office.example" } ],
          "ports": [ { "port": 587, "security": "StartTls" } ],
          "recommendedPort": 587,
          "notes": { "en": [ "Our own relay." ] }
        }
        """;

    [Fact]
    public void WithoutAFileTheShippedCatalogIsUsed()
    {
        var catalog = PresetOverrideFile.Apply(ProviderCatalog.LoadShipped(), PresetsFile, _log);

        Assert.Equal(ProviderCatalog.LoadShipped().All.Count, catalog.All.Count);
        Assert.Empty(_log.Entries);
    }

    [Fact]
    public void AnOperatorPresetIsAddedBeforeCustom()
    {
        var catalog = Load($"[ {OfficeRelay} ]");

        Assert.Equal("relay.office.example", catalog.Find("office-relay")!.DefaultHost);
        Assert.True(catalog.All[^1].IsCustom);
        Assert.DoesNotContain(_log.Entries, e => e.Level == LogLevel.Error);
    }

    [Fact]
    public void AnOperatorPresetWithAShippedIdReplacesIt()
    {
        var catalog = Load("""
            [ { "id": "gmail", "name": "Gmail via our proxy", "hosts": [ { "host": "gmail-proxy.office.example" } ],
                "ports": [ { "port": 2525, "security": "StartTls" } ], "notes": { "en": [ "Goes through the proxy." ] } } ]
            """);

        Assert.Equal("gmail-proxy.office.example", catalog.Find("gmail")!.DefaultHost);
        Assert.Equal(ProviderCatalog.LoadShipped().All.Count, catalog.All.Count);
    }

    [Fact]
    public void ABrokenFileIsLoggedWithItsLineAndIgnoredAndTheShippedPresetsStillWork()
    {
        var catalog = Load("[ { \"id\": \"office-relay\", \"name\": ");

        var error = Assert.Single(_log.Entries, e => e.Level == LogLevel.Error);
        Assert.Contains(PresetsFile, error.Message);
        Assert.Contains("line", error.Message);
        Assert.Equal("smtp.gmail.com", catalog.Find("gmail")!.DefaultHost);
        Assert.Null(catalog.Find("office-relay"));
    }

    [Fact]
    public void AnInvalidPresetIsNamedWithFileAndFieldAndSkippedWhileTheOthersApply()
    {
        var catalog = Load($$"""
            [
              {{OfficeRelay}},
              { "id": "bad-host", "name": "Bad", "hosts": [ { "host": "smtp://bad.example" } ],
                "ports": [ { "port": 465, "security": "StartTls" } ], "notes": { "en": [ "x" ] } }
            ]
            """);

        Assert.NotNull(catalog.Find("office-relay"));
        Assert.Null(catalog.Find("bad-host"));
        var errors = _log.Entries.Where(e => e.Level == LogLevel.Error).Select(e => e.Message).ToList();
        Assert.Contains(errors, m => m.Contains(PresetsFile) && m.Contains("'bad-host'") && m.Contains("'hosts[0].host'"));
        Assert.Contains(errors, m => m.Contains("'bad-host'") && m.Contains("'ports[0].note'"));
    }

    [Fact]
    public void AValueOfTheWrongTypeNamesThePresetAndTheField()
    {
        var catalog = Load("""
            [ { "id": "typo", "name": "Typo", "hosts": [ { "host": "smtp.typo.example" } ],
                "ports": [ { "port": 587, "security": "StartTLS-please" } ], "notes": { "en": [ "x" ] } } ]
            """);

        Assert.Null(catalog.Find("typo"));
        var error = Assert.Single(_log.Entries, e => e.Level == LogLevel.Error);
        Assert.Contains("preset 'typo'", error.Message);
        Assert.Contains("ports[0].security", error.Message);
    }

    [Fact]
    public void AFileThatIsNotAListIsIgnored()
    {
        var catalog = Load(OfficeRelay);

        Assert.Null(catalog.Find("office-relay"));
        Assert.Contains("JSON array", Assert.Single(_log.Entries).Message);
    }

    [Fact]
    public void ThePortalsCatalogReadsTheFileInItsDataDirectory()
    {
        File.WriteAllText(PresetsFile, $"[ {OfficeRelay} ]");
        var services = new ServiceCollection()
            .AddLogging()
            .AddSmtpPortalStorage(new DataDirectory(_data.Path))
            .AddSmtpSending();
        using var provider = services.BuildServiceProvider();

        var catalog = provider.GetRequiredService<ProviderCatalog>();

        Assert.Equal(SecurityMode.StartTls, catalog.Find("office-relay")!.DefaultPort!.Security);
        Assert.NotNull(catalog.Find("sendgrid"));
    }

    private sealed class ListLogger : ILogger
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter) => Entries.Add((logLevel, formatter(state, exception)));
    }
}
