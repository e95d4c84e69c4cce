using Microsoft.Extensions.Options;
using SmtpPortal.Hosting;

namespace SmtpPortal.Cli;

/// <summary>The portal's services without the web server: the same configuration file, data
/// directory, key ring and registrations, with the database migrated like a start of the portal.</summary>
internal static class CliServices
{
    /// <param name="errors">Where problems found on the way (an unreadable key file) are told.</param>
    public static async Task<ServiceProvider> BuildAsync(IReadOnlyDictionary<string, string?>? overrides, TextWriter errors)
    {
        var contentRoot = ContentRoot.ForCommandLine();
        // The same file the portal reads: the content root's copy, or the one beside the program.
        var settingsFolder = File.Exists(Path.Combine(contentRoot, "appsettings.json")) ? contentRoot : AppContext.BaseDirectory;
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(new Microsoft.Extensions.FileProviders.PhysicalFileProvider(settingsFolder), "appsettings.json", optional: true, reloadOnChange: false)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides ?? new Dictionary<string, string?>())
            .Build();

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddOptions<SmtpPortalOptions>().Bind(configuration.GetSection(SmtpPortalOptions.Section)).ValidateDataAnnotations();
        var options = configuration.GetSection(SmtpPortalOptions.Section).Get<SmtpPortalOptions>() ?? new SmtpPortalOptions();
        services.AddSmtpPortalStorage(DataDirectory.FromOptions(options, contentRoot));
        services.AddSmtpSending();
        services.AddOptions<Security.AdminSecurityOptions>().Bind(configuration.GetSection(Security.AdminSecurityOptions.Section)).ValidateDataAnnotations();
        services.AddSettingsExport();
        services.AddAdminIdentity();
        services.AddRelayServices();
        services.AddOptions<SmtpPortal.Relay.RelayOptions>().Bind(configuration.GetSection(SmtpPortal.Relay.RelayOptions.Section)).ValidateDataAnnotations();
        services.AddAlerts();

        var provider = services.BuildServiceProvider();
        _ = provider.GetRequiredService<IOptions<SmtpPortalOptions>>().Value; // bad configuration fails here, naming the key
        foreach (var problem in Security.UnreadableKeys.SetAside(provider))
            await errors.WriteLineAsync(problem);
        await provider.MigrateDatabaseAsync();
        RestrictDatabaseFilesToOwner(provider.GetRequiredService<DataDirectory>());
        return provider;
    }

    /// <summary>As the portal does at start: a database the CLI created first is the owner's alone.</summary>
    private static void RestrictDatabaseFilesToOwner(DataDirectory dataDirectory)
    {
        if (OperatingSystem.IsWindows())
            return;
        foreach (var file in Directory.EnumerateFiles(dataDirectory.Path, "smtpportal.db*"))
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
