using Bunit;
using MudBlazor;
using SmtpPortal.Components.Layout;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Components.Layout;

/// <summary>
/// The portal's colours are a static stylesheet (wwwroot/theme.css), served once and cached,
/// instead of a MudThemeProvider in every circuit (which kept ~35 KB per open tab: its CSS string
/// and a default theme). The file is what MudThemeProvider renders for <see cref="PortalTheme"/>:
/// light under :root, dark under :root.portal-dark (the class App.razor and theme.js set for an
/// admin who chose dark) and, for one who has not chosen, wherever the system prefers dark.
/// </summary>
public sealed class ThemeStylesheetTests : BunitContext
{
    public ThemeStylesheetTests() => this.AddSmtpPortalTestServices();

    [Fact]
    public void TheStylesheetIsWhatMudBlazorRendersForThePortalTheme()
    {
        var expected = ExpectedStylesheet();
        var file = Path.Combine(RepositoryRoot(), "src", "SmtpPortal", "wwwroot", "theme.css");
        var actual = File.Exists(file) ? File.ReadAllText(file).ReplaceLineEndings("\n") : "";

        if (actual != expected)
        {
            var regenerated = Path.Combine(Path.GetTempPath(), "theme.css");
            File.WriteAllText(regenerated, expected);
            Assert.Fail($"{file} is out of date with PortalTheme or MudBlazor: copy {regenerated} over it.");
        }
    }

    [Fact]
    public void DarkColoursApplyUnderThePortalDarkClassAndForTheSystemUnlessLightWasChosen()
    {
        var css = ExpectedStylesheet();
        var chosen = css.IndexOf(":root.portal-dark{", StringComparison.Ordinal);
        var system = css.IndexOf("@media (prefers-color-scheme: dark) {\n:root:not(.portal-light){", StringComparison.Ordinal);

        Assert.True(chosen > 0 && system > chosen, "the dark palette is missing for the class or for the system");
        Assert.Contains("--mud-palette-primary: rgba(57,73,171,1);", css[..chosen]);
        Assert.Contains("--mud-palette-primary: rgba(140,158,255,1);", css[chosen..system]);
        Assert.Contains("--mud-palette-primary: rgba(140,158,255,1);", css[system..]);
        Assert.EndsWith("}\n}\n", css);
    }

    private string ExpectedStylesheet()
    {
        const string header = "/* Generated: MudThemeProvider's output for Components/Layout/PortalTheme.cs, light under :root,\n"
            + "   dark under :root.portal-dark (chosen) and under prefers-color-scheme: dark unless light was chosen.\n"
            + "   Regenerate with ThemeStylesheetTests when either changes. */\n";
        var light = Styles(dark: false);
        var dark = Styles(dark: true);
        // Scrollbar and chart rules come first and are the same in both modes; the last block is the palette.
        var chosenDark = dark[^1].Replace(":root{", ":root.portal-dark{", StringComparison.Ordinal);
        Assert.Contains(":root.portal-dark{", chosenDark);
        var systemDark = "@media (prefers-color-scheme: dark) {\n"
            + dark[^1].Replace(":root{", ":root:not(.portal-light){", StringComparison.Ordinal).ReplaceLineEndings("\n").TrimEnd() + "\n}";
        return header + string.Join("\n", light.Append(chosenDark).Append(systemDark)).ReplaceLineEndings("\n").TrimEnd() + "\n";
    }

    private string[] Styles(bool dark)
    {
        var provider = Render<MudThemeProvider>(p => p
            .Add(x => x.Theme, PortalTheme.Theme)
            .Add(x => x.IsDarkMode, dark)
            .Add(x => x.ObserveSystemDarkModeChange, false));
        return provider.FindAll("style").Select(style => style.TextContent.Trim().Replace(":root\n{", ":root{", StringComparison.Ordinal)).ToArray();
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "SmtpPortal.sln")))
            folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("SmtpPortal.sln not found above the test output.");
    }
}
