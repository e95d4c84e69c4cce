using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using SmtpPortal.Export;
using SmtpPortal.History;
using SmtpPortal.Hosting;
using SmtpPortal.Security;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Export;

/// <summary>The exporter against the real store: the secret leaves only after re-authentication.</summary>
public sealed class SettingsExporterTests : IDisposable
{
    private const string Secret = "unique-export-secret-🔑-'\"$";
    private static readonly ClaimsPrincipal Admin = new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin")], "test"));
    private static readonly AuditActor AdminActor = new("admin", "127.0.0.1");
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    private async Task<ServiceProvider> StorageWithSettingsAsync(IRecentAuthentication? recent = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        if (recent is not null)
            services.AddSingleton(recent);
        services.AddSmtpPortalStorage(new DataDirectory(_data.Path)).AddSmtpSending().AddSettingsExport();
        var provider = services.BuildServiceProvider();
        await provider.MigrateDatabaseAsync();
        var saved = await provider.GetRequiredService<SmtpSettingsStore>().SaveAsync(new SmtpSettingsInput
        {
            PresetId = "qq", Host = "smtp.qq.com", Port = 465, Security = SecurityMode.SslOnConnect,
            Username = "12345@qq.com", Password = Secret, FromAddress = "12345@qq.com",
        }, null, TestContext.Current.CancellationToken);
        Assert.True(saved.Succeeded);
        return provider;
    }

    [Fact]
    public async Task WithoutReAuthenticationNoExportHoldsTheSecretEvenWhenAskedFor()
    {
        await using var services = await StorageWithSettingsAsync();
        var exporter = services.GetRequiredService<SettingsExporter>();

        foreach (var format in ExportCatalog.All)
        {
            var export = await exporter.ExportForAdminAsync(format, includePassword: true, Admin, AdminActor, TestContext.Current.CancellationToken);

            Assert.DoesNotContain("unique-export-secret", export.Text);
            Assert.Contains(ExportValues.PasswordPlaceholder, export.Text);
            Assert.False(export.IncludesPassword);
        }
    }

    [Fact]
    public async Task AfterReAuthenticationTheSecretIsIncludedOnlyWhenAskedFor()
    {
        await using var services = await StorageWithSettingsAsync(new AlwaysRecent());
        var exporter = services.GetRequiredService<SettingsExporter>();
        var env = ExportCatalog.Find("env")!;

        var without = await exporter.ExportForAdminAsync(env, includePassword: false, Admin, AdminActor, TestContext.Current.CancellationToken);
        var with = await exporter.ExportForAdminAsync(env, includePassword: true, Admin, AdminActor, TestContext.Current.CancellationToken);

        Assert.Contains(ExportValues.PasswordPlaceholder, without.Text);
        Assert.True(with.IncludesPassword);
        Assert.Equal(Secret, ExportParsers.SourceEnv(with.Text)["SMTP_PASSWORD"]);
    }

    [Fact]
    public async Task TheDefaultSeamNeverCountsAnAdminAsRecentlyReAuthenticated()
    {
        await using var services = await StorageWithSettingsAsync();

        Assert.IsType<NoRecentAuthentication>(services.GetRequiredService<IRecentAuthentication>());
        Assert.False(services.GetRequiredService<IRecentAuthentication>().IsRecent(Admin));
    }

    [Fact]
    public async Task ALostKeyRingIsReportedInsteadOfExportingCiphertext()
    {
        await using (await StorageWithSettingsAsync())
        {
        }
        Directory.Delete(Path.Combine(_data.Path, "keys"), recursive: true);
        var services = new ServiceCollection().AddLogging().AddSmtpPortalStorage(new DataDirectory(_data.Path)).AddSmtpSending().AddSettingsExport();
        await using var restored = services.BuildServiceProvider();

        var export = await restored.GetRequiredService<SettingsExporter>().ExportAsync(ExportCatalog.Find("json")!, includePassword: true, AdminActor, SecretChannel.Cli, TestContext.Current.CancellationToken);

        Assert.True(export.PasswordUnreadable);
        Assert.False(export.IncludesPassword);
        Assert.Contains(ExportValues.PasswordPlaceholder, export.Text);
        var db = restored.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<SmtpPortal.Data.PortalDbContext>>();
        Assert.Empty(await AuditTable.EntriesAsync(db, AuditAction.SecretRevealed));
    }

    private sealed class AlwaysRecent : IRecentAuthentication
    {
        public bool IsRecent(ClaimsPrincipal admin) => true;
    }
}
