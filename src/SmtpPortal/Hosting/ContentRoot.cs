namespace SmtpPortal.Hosting;

/// <summary>
/// The folder the portal's own files are found in: the static web assets (<c>wwwroot/</c>),
/// <c>appsettings.json</c> and, by default, the data directory. ASP.NET Core takes the current
/// directory, which suits <c>dotnet run</c> (the project folder) but not a published portal
/// started by a service manager, a cron job or a shell somewhere else: it would serve every CSS
/// and JavaScript file empty and keep its data wherever it was started. A published program is
/// recognised by the <c>wwwroot/</c> folder beside it (a build output has none: <c>dotnet run</c>
/// serves the assets from their source folders) and then uses its own folder.
/// </summary>
public static class ContentRoot
{
    private const string Key = "contentRoot";

    /// <summary>The web host's options: the content root is the program's folder when published,
    /// unless <c>--contentRoot</c> or <c>ASPNETCORE_CONTENTROOT</c> names another.</summary>
    public static WebApplicationOptions WebApplicationOptions(string[] args) => new()
    {
        Args = args,
        ContentRootPath = IsConfigured(args) ? null : PublishedProgramFolder(),
    };

    /// <summary>The folder the command line reads appsettings.json and the data directory from:
    /// the same one the portal itself would use when started here.</summary>
    public static string ForCommandLine() =>
        ConfiguredInEnvironment() ?? PublishedProgramFolder() ?? Directory.GetCurrentDirectory();

    /// <summary>The program's own folder if it is a published portal, else null.</summary>
    public static string? PublishedProgramFolder() =>
        Directory.Exists(Path.Combine(AppContext.BaseDirectory, "wwwroot")) ? AppContext.BaseDirectory : null;

    private static bool IsConfigured(string[] args) =>
        ConfiguredInEnvironment() is not null
        || new ConfigurationBuilder().AddCommandLine(args).Build()[Key] is { Length: > 0 };

    private static string? ConfiguredInEnvironment() =>
        new[] { "ASPNETCORE_CONTENTROOT", "DOTNET_CONTENTROOT" }
            .Select(Environment.GetEnvironmentVariable)
            .FirstOrDefault(value => !string.IsNullOrEmpty(value));
}
