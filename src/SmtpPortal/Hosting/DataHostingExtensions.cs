using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SmtpPortal.Data;
using SmtpPortal.Security;
using SmtpPortal.Settings;

namespace SmtpPortal.Hosting;

public static class DataHostingExtensions
{
    /// <summary>The data directory, the SQLite database in it and the key ring beside it.</summary>
    public static WebApplicationBuilder AddSmtpPortalData(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(SmtpPortalOptions.Section).Get<SmtpPortalOptions>()
            ?? new SmtpPortalOptions();
        var dataDirectory = DataDirectory.FromOptions(options, builder.Environment.ContentRootPath);
        builder.Services.AddSmtpPortalStorage(dataDirectory);
        return builder;
    }

    /// <summary>Storage over one data directory; also used on its own by component tests.</summary>
    public static IServiceCollection AddSmtpPortalStorage(this IServiceCollection services, DataDirectory dataDirectory)
    {
        dataDirectory.EnsureCreated();
        services.AddSingleton(dataDirectory);
        services.TryAddSingleton(TimeProvider.System);

        services.AddDbContextFactory<PortalDbContext>(db =>
            db.UseSqlite($"Data Source={dataDirectory.DatabaseFile};Pooling=False"));

        services.AddDataProtection()
            .SetApplicationName("SmtpPortal")
            .PersistKeysToFileSystem(new DirectoryInfo(dataDirectory.KeysDirectory));

        services.AddSingleton<SecretProtector>();
        services.AddSingleton<SmtpSettingsStore>();
        return services;
    }

    public static async Task MigrateDatabaseAsync(this IServiceProvider services)
    {
        var dbFactory = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync();
        await db.Database.MigrateAsync();
    }

    /// <summary>Brings the database schema up to date before the first request (see
    /// docs/decisions/0002-migrate-at-start-up.md), then issues the first-run token if needed.</summary>
    public static async Task PrepareDataAsync(this WebApplication app)
    {
        await app.Services.MigrateDatabaseAsync();

        var dataDirectory = app.Services.GetRequiredService<DataDirectory>();
        foreach (var file in Directory.EnumerateFiles(dataDirectory.Path, "smtpportal.db*"))
            RestrictToOwner(file);

        await app.Services.GetRequiredService<SetupToken>().EnsureIssuedAsync();
    }

    private static void RestrictToOwner(string file)
    {
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
