using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SmtpPortal.Data;
using SmtpPortal.History;
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
        var keyRing = builder.Configuration.GetSection(KeyRingOptions.Section).Get<KeyRingOptions>() ?? new KeyRingOptions();
        builder.Services.AddSmtpPortalStorage(dataDirectory, keyRing.LoadCertificate(builder.Environment.ContentRootPath));
        builder.Services.AddHostedService<AfterStartChecks>();
        return builder;
    }

    /// <summary>Storage over one data directory; also used on its own by component tests.</summary>
    /// <param name="keyCertificate">When given, the key ring's files are encrypted with it.</param>
    public static IServiceCollection AddSmtpPortalStorage(
        this IServiceCollection services, DataDirectory dataDirectory, X509Certificate2? keyCertificate = null)
    {
        dataDirectory.CreateIfMissing();
        services.AddSingleton(dataDirectory);
        services.TryAddSingleton(TimeProvider.System);

        // Pooled connections (decision 21); resolving PortalDatabase here makes the container own
        // it, so disposing the app's services closes them and checkpoints the WAL.
        services.AddSingleton<PortalDatabase>();
        services.AddDbContextFactory<PortalDbContext>((provider, db) => db
            .UseSqlite(provider.GetRequiredService<PortalDatabase>().ConnectionString)
            .AddInterceptors(new AppendOnlyAuditInterceptor()));

        var dataProtection = services.AddDataProtection()
            .SetApplicationName("SmtpPortal")
            .PersistKeysToFileSystem(new DirectoryInfo(dataDirectory.KeysDirectory));
        if (keyCertificate is not null)
            dataProtection.ProtectKeysWithCertificate(keyCertificate);

        services.AddSingleton<SecretProtector>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<PortalBackup>();
        services.AddScoped<CircuitRemoteAddress>();
        return services;
    }

    /// <summary>Applies the migrations the database lacks; a database that has them all is only
    /// read (<see cref="SchemaVersion"/>).</summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services)
    {
        if (await SchemaVersion.IsCurrentAsync(services.GetRequiredService<PortalDatabase>().ConnectionString))
            return;
        var dbFactory = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync();
        await db.Database.MigrateAsync();
    }

    /// <summary>Brings the database schema up to date before the first request (see
    /// docs/decisions/0002-migrate-at-start-up.md), after setting aside key ring files that cannot be
    /// read (<see cref="UnreadableKeys"/>), then issues the first-run token if needed.
    /// Checks that only end in a log line run once the portal listens (<see cref="AfterStartChecks"/>).</summary>
    public static async Task PrepareDataAsync(this WebApplication app)
    {
        UnreadableKeys.SetAside(app.Services);
        await app.Services.MigrateDatabaseAsync();

        var dataDirectory = app.Services.GetRequiredService<DataDirectory>();
        foreach (var file in Directory.EnumerateFiles(dataDirectory.Path, "smtpportal.db*"))
            RestrictToOwner(file);

        await app.Services.GetRequiredService<SetupToken>().EnsureIssuedAsync();
    }

    /// <summary>A lost or replaced key ring must not stop the portal: it starts, says so in the
    /// log, and the Dashboard and settings page ask for the password (or the OAuth2 sign-in) again.
    /// Returns whether every stored secret decrypts.</summary>
    public static async Task<bool> WarnIfStoredSecretIsUnreadableAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        var unreadable = (await services.GetRequiredService<SmtpSettingsStore>().FindUnreadableSecretsAsync(ct)).ToList();
        if (services.GetService<OAuth.OAuthGrantStore>() is { } grants && await grants.GetAsync(ct) is { } grant && grants.Unprotect(grant) is null)
            unreadable.Add($"the {grant.PresetId} OAuth2 sign-in of {grant.Account}");
        if (unreadable.Count > 0)
            services.GetRequiredService<ILoggerFactory>().CreateLogger("SmtpPortal.KeyRing").LogWarning(
                "The key ring in {KeysDirectory} can't decrypt {Secrets} (lost or replaced): "
                + "mail cannot be sent with it until an admin enters the password again.",
                services.GetRequiredService<DataDirectory>().KeysDirectory, string.Join(" and ", unreadable));
        return unreadable.Count == 0;
    }

    private static void RestrictToOwner(string file)
    {
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
