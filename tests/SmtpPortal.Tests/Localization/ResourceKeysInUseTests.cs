using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using SmtpPortal.Localization;

namespace SmtpPortal.Tests.Localization;

/// <summary>Every key the code asks for exists: a component's <c>L["Key"]</c> (IStringLocalizer of
/// the component, in X.razor or X.razor.cs) and a class's static localizer
/// (<c>StaticLocalizer.For(typeof(T))</c>) must find the key in T's resources, or the page shows
/// the key itself. Read from the source, so a key used on a page no test opens is checked too.</summary>
public sealed partial class ResourceKeysInUseTests
{
    private static readonly System.Reflection.Assembly Portal = typeof(UiLanguage).Assembly;
    private static readonly string Source = Path.Combine(RepositoryRoot(), "src", "SmtpPortal");

    public static TheoryData<string> FilesUsingResources()
    {
        var files = Directory.EnumerateFiles(Source, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => ResourceType(f, File.ReadAllText(f)) is not null)
            .Select(f => Path.GetRelativePath(Source, f));
        return [.. files];
    }

    [Fact]
    public void TheCheckFindsTheLocalizedFiles() => Assert.True(FilesUsingResources().Count > 20);

    [Theory]
    [MemberData(nameof(FilesUsingResources))]
    public void EveryKeyTheFileAsksForExistsInItsResources(string file)
    {
        var text = File.ReadAllText(Path.Combine(Source, file));
        var baseName = ResourceType(Path.Combine(Source, file), text)!;
        var english = Keys(baseName, CultureInfo.InvariantCulture);
        var chinese = Keys(baseName, CultureInfo.GetCultureInfo(UiLanguage.Chinese));
        var asked = KeyUse().Matches(text).Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value).Distinct().ToList();

        Assert.All(asked, key => Assert.True(english.Contains(key) && chinese.Contains(key),
            $"{file} asks for \"{key}\", which {baseName} does not have in {(english.Contains(key) ? "Chinese" : "English")}"));
    }

    /// <summary>The resources a file reads: a component's own, or those of the type its static localizer names.</summary>
    private static string? ResourceType(string path, string text)
    {
        if (StaticFor().Match(text) is { Success: true } named)
        {
            var type = Portal.GetTypes().Single(t => t.Name == named.Groups[1].Value && !t.IsNested);
            return "SmtpPortal.Resources." + type.FullName!["SmtpPortal.".Length..];
        }
        if (!ComponentLocalizer().IsMatch(text))
            return null;
        var relative = Path.GetRelativePath(Source, path).Replace(".razor.cs", "").Replace(".razor", "").Replace(".cs", "");
        return "SmtpPortal.Resources." + relative.Replace(Path.DirectorySeparatorChar, '.');
    }

    private static HashSet<string> Keys(string baseName, CultureInfo culture)
    {
        var manager = new ResourceManager(baseName, Portal);
        using var set = manager.GetResourceSet(culture, createIfNotExists: true, tryParents: false);
        return set is null ? [] : [.. set.Cast<DictionaryEntry>().Select(e => (string)e.Key)];
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "SmtpPortal.sln")))
            folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("SmtpPortal.sln not found above the test output.");
    }

    [GeneratedRegex(@"StaticLocalizer\.For\(typeof\((\w+)\)\)")]
    private static partial Regex StaticFor();

    [GeneratedRegex(@"IStringLocalizer<\w+> L\b")]
    private static partial Regex ComponentLocalizer();

    /// <summary>L["Key"…], Text["Key"…] and L[nameof(Key)] (the validation messages' properties).</summary>
    [GeneratedRegex(@"\b(?:L|Text|History)\[(?:""([A-Za-z0-9_.\-]+)""\s*[\],]|nameof\((\w+)\))")]
    private static partial Regex KeyUse();
}
