using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using SmtpPortal.Localization;

namespace SmtpPortal.Tests.Localization;

/// <summary>Every string resource the portal ships exists in English and Simplified Chinese, with
/// a text in each and the same placeholders: a key added in one language only fails here, not in
/// front of an admin.</summary>
public sealed partial class ResourceParityTests
{
    private static readonly System.Reflection.Assembly Portal = typeof(UiLanguage).Assembly;

    /// <summary>The base names of the compiled .resx files, e.g. SmtpPortal.Resources.Components.Layout.NavMenu.</summary>
    public static TheoryData<string> ResourceBaseNames()
    {
        var names = Portal.GetManifestResourceNames()
            .Where(n => n.StartsWith("SmtpPortal.Resources.", StringComparison.Ordinal) && n.EndsWith(".resources", StringComparison.Ordinal))
            .Select(n => n[..^".resources".Length]);
        return [.. names];
    }

    [Fact]
    public void ThePortalShipsStringResources() => Assert.NotEmpty(ResourceBaseNames());

    [Theory]
    [MemberData(nameof(ResourceBaseNames))]
    public void EveryKeyHasAnEnglishAndAChineseTextWithTheSamePlaceholders(string baseName)
    {
        var manager = new ResourceManager(baseName, Portal);
        var english = Read(manager, CultureInfo.InvariantCulture);
        var chinese = Read(manager, CultureInfo.GetCultureInfo(UiLanguage.Chinese));

        Assert.NotNull(english);
        Assert.NotNull(chinese);
        Assert.Equal(english.Keys.Order(StringComparer.Ordinal), chinese.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, text) in english)
        {
            Assert.False(string.IsNullOrWhiteSpace(text), $"{baseName}: {key} has no English text");
            Assert.False(string.IsNullOrWhiteSpace(chinese[key]), $"{baseName}: {key} has no Chinese text");
            Assert.True(Placeholders(text).SetEquals(Placeholders(chinese[key])),
                $"{baseName}: {key} has placeholders {string.Join(",", Placeholders(text))} in English but {string.Join(",", Placeholders(chinese[key]))} in Chinese");
        }
    }

    private static Dictionary<string, string>? Read(ResourceManager manager, CultureInfo culture)
    {
        // tryParents: false, so a Chinese set that is missing is not silently the English one.
        using var set = manager.GetResourceSet(culture, createIfNotExists: true, tryParents: false);
        return set?.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => e.Value as string ?? "");
    }

    private static HashSet<string> Placeholders(string text) => [.. PlaceholderPattern().Matches(text).Select(m => m.Groups[1].Value)];

    [GeneratedRegex(@"\{(\d+)(?:[,:][^}]*)?\}")]
    private static partial Regex PlaceholderPattern();
}
