using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
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
        dataDirectory.EnsureCreated();
        builder.Services.AddSingleton(dataDirectory);

        builder.Services.AddDbContextFactory<PortalDbContext>(db =>
            db.UseSqlite($"Data Source={dataDirectory.DatabaseFile};Pooling=False"));

        builder.Services.AddDataProtection()
            .SetApplicationName("SmtpPortal")
            .PersistKeysToFileSystem(new DirectoryInfo(dataDirectory.KeysDirectory));

        builder.Services.AddSingleton<SecretProtector>();
        builder.Services.AddSingleton<SmtpSettingsStore>();
        return builder;
    }

    /// <summary>Brings the database schema up to date before the first request (see
    /// docs/decisions/0002-migrate-at-start-up.md), then issues the first-run token if needed.</summary>
    public static async Task PrepareDataAsync(this WebApplication app)
    {
        var dbFactory = app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync())
            await db.Database.MigrateAsync();

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
