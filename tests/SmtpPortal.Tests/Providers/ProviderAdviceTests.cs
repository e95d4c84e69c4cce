using SmtpPortal.Providers;

namespace SmtpPortal.Tests.Providers;

/// <summary>Provider advice is data beside the presets: every id in it names a shipped preset
/// (Amazon SES's advice was once keyed "ses" and never showed), in both languages.</summary>
public sealed class ProviderAdviceTests
{
    private static readonly ProviderCatalog Catalog = ProviderCatalog.LoadShipped();
    private static readonly ProviderAdvice Advice = ProviderAdvice.LoadShipped();

    public static TheoryData<string> AdviceIds() => [.. Advice.PresetIds];

    [Theory]
    [MemberData(nameof(AdviceIds))]
    public void EveryAdviceKeyIsAPresetOfTheCatalogWithTextInBothLanguages(string id)
    {
        Assert.NotNull(Catalog.Find(id));
        var advice = Advice.For(id);
        foreach (var text in new[] { advice.Login, advice.Sender, advice.Recipient }.OfType<LocalizedText>())
        {
            Assert.True(text.Has("en"), $"{id}: English missing");
            Assert.True(text.Has("zh"), $"{id}: Chinese missing");
        }
    }
}
