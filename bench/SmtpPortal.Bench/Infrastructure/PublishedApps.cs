using System.Text.RegularExpressions;

namespace SmtpPortal.Bench.Infrastructure;

/// <summary>
/// Everything measured, built in this run: the portal published as an operator publishes it, the
/// bare `dotnet new blazor --interactivity Server` template, the same template with MudBlazor's
/// stylesheet and script added (the page-weight reference), the portal published the other way
/// round for ReadyToRun, and a data directory in which first-run setup is already done.
/// </summary>
public sealed partial class PublishedApps
{
    private PublishedApps(string work) => Work = work;

    public string Work { get; }
    public string PortalDirectory => Path.Combine(Work, "portal");
    public string PortalExecutable => Path.Combine(PortalDirectory, "SmtpPortal");
    public string PortalReadyToRunFlippedExecutable => Path.Combine(Work, "portal-r2r-flipped", "SmtpPortal");
    public string BareExecutable => Path.Combine(Work, "bare", "BareBlazor");
    public string BareWithMudDirectory => Path.Combine(Work, "bare-mud");
    public string BareWithMudExecutable => Path.Combine(BareWithMudDirectory, "BareBlazor");
    public string DataTemplate => Path.Combine(Work, "data-template");

    /// <summary>Whether the portal's own publish settings compile ReadyToRun; the flipped build is the other way.</summary>
    public bool PortalIsReadyToRun { get; private set; }

    public static async Task<PublishedApps> BuildAsync(BenchSettings settings)
    {
        var apps = new PublishedApps(settings.WorkDirectory);
        if (settings.KeepWork && File.Exists(apps.PortalReadyToRunFlippedExecutable) && Directory.Exists(apps.DataTemplate))
        {
            Console.WriteLine($"Reusing the apps built in {apps.Work}.");
            apps.PortalIsReadyToRun = IsReadyToRun(Path.Combine(apps.PortalDirectory, "SmtpPortal.dll"));
            return apps;
        }
        Directory.CreateDirectory(apps.Work);
        var portalProject = Path.Combine(settings.RepositoryRoot, "src", "SmtpPortal", "SmtpPortal.csproj");

        Console.WriteLine("Publishing the portal and creating the bare Blazor references…");
        await Task.WhenAll(
            Dotnet.PublishAsync(portalProject, apps.PortalDirectory),
            apps.CreateReferencesAsync(settings));

        apps.PortalIsReadyToRun = IsReadyToRun(Path.Combine(apps.PortalDirectory, "SmtpPortal.dll"));
        Console.WriteLine($"Publishing the portal {(apps.PortalIsReadyToRun ? "without" : "with")} ReadyToRun for comparison…");
        await Dotnet.PublishAsync(portalProject, Path.GetDirectoryName(apps.PortalReadyToRunFlippedExecutable)!,
            "-r", "linux-x64", "--self-contained", "false", $"-p:PublishReadyToRun={(!apps.PortalIsReadyToRun).ToString().ToLowerInvariant()}");

        await apps.PrepareDataTemplateAsync();
        return apps;
    }

    /// <summary>A fresh copy of the prepared data directory (admin exists, schema migrated).</summary>
    public string NewDataDirectory()
    {
        var target = Path.Combine(Work, "data", Guid.NewGuid().ToString("n")[..8]);
        Copy(DataTemplate, target);
        return target;
    }

    private async Task CreateReferencesAsync(BenchSettings settings)
    {
        var references = Path.Combine(Work, "references");
        Directory.CreateDirectory(references);
        // The references must build as the template does, not with this repository's build rules.
        await File.WriteAllTextAsync(Path.Combine(references, "Directory.Build.props"), "<Project />\n");
        await File.WriteAllTextAsync(Path.Combine(references, "Directory.Packages.props"), "<Project />\n");

        var bare = Path.Combine(references, "BareBlazor");
        await Dotnet.RunAsync(references, "new", "blazor", "--interactivity", "Server", "-n", "BareBlazor", "-o", bare, "--no-restore");

        var withMud = Path.Combine(references, "BareBlazorMud");
        Copy(bare, withMud);
        AddMudBlazorAssets(withMud, MudBlazorVersion(settings.RepositoryRoot));

        await Task.WhenAll(
            Dotnet.PublishAsync(Path.Combine(bare, "BareBlazor.csproj"), Path.GetDirectoryName(BareExecutable)!),
            Dotnet.PublishAsync(Path.Combine(withMud, "BareBlazor.csproj"), BareWithMudDirectory));
    }

    /// <summary>The portal's stylesheet and script come from MudBlazor; the fair page-weight
    /// reference is the template carrying the same two files.</summary>
    private static void AddMudBlazorAssets(string project, string version)
    {
        var csproj = Path.Combine(project, "BareBlazor.csproj");
        File.WriteAllText(csproj, File.ReadAllText(csproj).Replace("</Project>",
            $"  <ItemGroup>\n    <PackageReference Include=\"MudBlazor\" Version=\"{version}\" />\n  </ItemGroup>\n\n</Project>"));
        var app = Path.Combine(project, "Components", "App.razor");
        var html = File.ReadAllText(app)
            .Replace("<link rel=\"stylesheet\" href=\"@Assets[\"app.css\"]\" />",
                "<link rel=\"stylesheet\" href=\"@Assets[\"_content/MudBlazor/MudBlazor.min.css\"]\" />\n    <link rel=\"stylesheet\" href=\"@Assets[\"app.css\"]\" />")
            .Replace("<script src=\"@Assets[\"_framework/blazor.web.js\"]\"></script>",
                "<script src=\"@Assets[\"_framework/blazor.web.js\"]\"></script>\n    <script src=\"@Assets[\"_content/MudBlazor/MudBlazor.min.js\"]\"></script>");
        if (!html.Contains("MudBlazor.min.css") || !html.Contains("MudBlazor.min.js"))
            throw new InvalidOperationException("The template's App.razor changed: MudBlazor's assets could not be added.");
        File.WriteAllText(app, html);
    }

    private static string MudBlazorVersion(string root)
    {
        var props = File.ReadAllText(Path.Combine(root, "Directory.Packages.props"));
        return MudBlazorPackage().Match(props) is { Success: true } m
            ? m.Groups[1].Value
            : throw new InvalidOperationException("MudBlazor's version is not in Directory.Packages.props.");
    }

    /// <summary>First start: the portal issues a setup token; the setup form creates the admin.</summary>
    private async Task PrepareDataTemplateAsync()
    {
        Console.WriteLine("Preparing a data directory with an admin through /setup…");
        var environment = new Dictionary<string, string> { ["SmtpPortal__DataDirectory"] = DataTemplate };
        await using (var portal = await RunningApp.StartAsync(PortalExecutable, "/setup", environment, TimeSpan.FromMinutes(2)))
            await PortalForms.CompleteSetupAsync(portal.BaseUrl, Path.Combine(DataTemplate, "setup-token.txt"));
    }

    /// <summary>A ReadyToRun image carries a managed native header; IL-only assemblies do not.</summary>
    private static bool IsReadyToRun(string assembly)
    {
        using var stream = File.OpenRead(assembly);
        using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
        return pe.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory.Size > 0;
    }

    private static void Copy(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.StartsWith("obj" + Path.DirectorySeparatorChar) || relative.StartsWith("bin" + Path.DirectorySeparatorChar))
                continue;
            var destination = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }

    [GeneratedRegex("Include=\"MudBlazor\" Version=\"([^\"]+)\"")]
    private static partial Regex MudBlazorPackage();
}
