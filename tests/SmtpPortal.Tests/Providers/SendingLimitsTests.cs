using SmtpPortal.Providers;

namespace SmtpPortal.Tests.Providers;

public sealed class SendingLimitsTests
{
    [Fact]
    public void EveryShippedLimitNamesAnExistingPresetAndSaysWhereItComesFrom()
    {
        var catalog = ProviderCatalog.LoadShipped();
        var limits = SendingLimits.LoadShipped();

        Assert.NotEmpty(limits.ByPreset);
        foreach (var (id, limit) in limits.ByPreset)
        {
            Assert.True(catalog.Find(id) is not null, $"sending-limits.json names '{id}', which is no preset");
            Assert.True(limit.IsKnown, $"{id} lists no limit");
            Assert.NotEmpty(limit.Sources);
            Assert.All(limit.Sources, source => Assert.StartsWith("https://", source));
            Assert.NotNull(limit.Verified);
            Assert.True(limit.Note is not null && limit.Note.Has("en") && limit.Note.Has("zh"), $"{id} needs its note in English and Chinese");
        }
    }

    [Fact]
    public void AnOperatorFileReplacesAndAddsEntriesAndABrokenOneIsIgnored()
    {
        using var folder = new TestSupport.TempFolder();
        var file = Path.Combine(folder.Path, "sending-limits.json");
        File.WriteAllText(file, """{ "gmail": { "messagesPerDay": 2000 }, "custom": { "messagesPerMinute": 10 } }""");
        var logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        var merged = SendingLimits.Load(file, logger);

        Assert.Equal(2000, merged.For("gmail").MessagesPerDay);
        Assert.Null(merged.For("gmail").RecipientsPerDay);
        Assert.Equal(10, merged.For("custom").MessagesPerMinute);
        Assert.Equal(30, merged.For("microsoft365").MessagesPerMinute);

        File.WriteAllText(file, "{ not json");
        Assert.Equal(500, SendingLimits.Load(file, logger).For("gmail").RecipientsPerDay);
    }
}
