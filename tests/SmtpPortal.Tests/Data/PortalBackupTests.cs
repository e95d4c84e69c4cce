using System.IO.Compression;
using System.Net;
using SmtpPortal.Data;
using SmtpPortal.History;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Data;

/// <summary>Backups made by a running portal, restored into another one.</summary>
public sealed class PortalBackupTests : IDisposable
{
    private static readonly AuditActor Admin = new("admin", "192.0.2.9");
    private readonly TempFolder _original = new();
    private readonly TempFolder _elsewhere = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _original.Dispose();
        _elsewhere.Dispose();
    }

    private async Task<byte[]> BackUpAsync(LocalSmtpServer server)
    {
        await using var portal = new PortalFactory(_original.Path);
        Assert.True((await portal.Get<SmtpSettingsStore>().SaveAsync(LocalSettings.For(server), null, Admin, Ct)).Succeeded);
        using var zip = new MemoryStream();
        // Taken while the portal runs and its database is open in WAL mode.
        await portal.Get<PortalBackup>().WriteAsync(zip, Admin, Ct);
        return zip.ToArray();
    }

    [Fact]
    public async Task ARestoredPortalSendsWithTheRestoredCredentials()
    {
        await using var server = LocalSmtpServer.Plain();
        var backup = await BackUpAsync(server);

        await using var restored = new PortalFactory(_elsewhere.Path);
        var outcome = await restored.Get<PortalBackup>().RestoreAsync(new MemoryStream(backup), Admin, Ct);
        var sent = await restored.Get<TestEmailService>().SendAsync("someone@example.test", Requester.Admin(Admin), null, Ct);

        Assert.Equal(RestoreOutcome.Restored, outcome);
        Assert.True(sent.Succeeded, sent.Diagnosis.Category.ToString());
        Assert.Equal((LocalSmtpServer.UserName, LocalSmtpServer.Password), Assert.Single(server.Logins));
        var history = await restored.Get<AuditLog>().FindAsync(new AuditFilter(), Ct);
        Assert.Equal([AuditAction.TestSent, AuditAction.BackupRestored, AuditAction.BackupDownloaded, AuditAction.SettingsSaved],
            history.Select(e => e.Action));
    }

    [Fact]
    public async Task ADatabaseRestoredWithoutItsKeysAsksForThePasswordAgain()
    {
        await using var server = LocalSmtpServer.Plain();
        var backup = await BackUpAsync(server);
        using (var zip = new ZipArchive(new MemoryStream(backup)))
            zip.GetEntry(PortalBackup.DatabaseEntry)!.ExtractToFile(Path.Combine(_elsewhere.Path, "smtpportal.db"));

        await using var restored = new PortalFactory(_elsewhere.Path);
        var store = restored.Get<SmtpSettingsStore>();
        var sent = await restored.Get<TestEmailService>().SendAsync("someone@example.test", Requester.Admin(Admin), null, Ct);

        Assert.Equal("127.0.0.1", (await store.GetAsync(Ct))!.Host);
        Assert.False(await store.CanDecryptPasswordAsync(Ct));
        Assert.Equal(SmtpFailureCategory.PasswordUnreadable, sent.Diagnosis.Category);
        Assert.Contains("enter it again", DiagnosisWords.Texts.Summary(sent.Diagnosis));
        Assert.Empty(server.Logins);
    }

    [Fact]
    public async Task AFileThatIsNotABackupChangesNothing()
    {
        await using var server = LocalSmtpServer.Plain();
        await using var portal = new PortalFactory(_original.Path);
        Assert.True((await portal.Get<SmtpSettingsStore>().SaveAsync(LocalSettings.For(server), null, Admin, Ct)).Succeeded);
        var backup = portal.Get<PortalBackup>();

        using var notZip = new MemoryStream("hello"u8.ToArray());
        using var emptyZip = new MemoryStream();
        using (var zip = new ZipArchive(emptyZip, ZipArchiveMode.Create, leaveOpen: true))
            zip.CreateEntry("notes.txt");
        emptyZip.Position = 0;
        using var fakeDb = new MemoryStream();
        using (var zip = new ZipArchive(fakeDb, ZipArchiveMode.Create, leaveOpen: true))
        using (var writer = new StreamWriter(zip.CreateEntry(PortalBackup.DatabaseEntry).Open()))
            writer.Write("not sqlite");
        fakeDb.Position = 0;

        Assert.Equal(RestoreOutcome.NotAZip, await backup.RestoreAsync(notZip, Admin, Ct));
        Assert.Equal(RestoreOutcome.NoDatabase, await backup.RestoreAsync(emptyZip, Admin, Ct));
        Assert.Equal(RestoreOutcome.Damaged, await backup.RestoreAsync(fakeDb, Admin, Ct));
        Assert.Equal(LocalSmtpServer.Password, (await portal.Get<SmtpConnections>().ForStoredSettingsAsync(Ct)).Connection!.Password);
    }

    [Fact]
    public async Task BackupEndpointsNeedASignedInAdmin()
    {
        await using var portal = new PortalFactory(_original.Path);
        await portal.CreateAdminAsync();
        using var client = portal.CreateNonRedirectingClient();

        foreach (var path in new[] { "/backup/download", "/backup/restore" })
        {
            var response = await client.PostAsync(path, new FormUrlEncodedContent([]), Ct);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/signin", response.Headers.Location!.AbsolutePath);
        }
    }
}
