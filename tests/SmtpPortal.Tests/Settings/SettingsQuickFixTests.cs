using SmtpPortal.History;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Settings;

/// <summary>"Trust this certificate only", the same rule from every entry point: only exactly the
/// certificate a failed run with the current settings saw, against a real SQLite file and a
/// scripted STARTTLS server with a self-signed certificate.</summary>
public sealed class SettingsQuickFixTests : IAsyncLifetime
{
    private static readonly AuditActor Admin = new("admin", null);
    private readonly TempFolder _data = new();
    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2 _certificate = TestCertificates.Create();
    private ScriptedSmtpServer _server = default!;
    private PortalFactory _portal = default!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _server = ScriptedSmtpServer.Start(SmtpScripts.Polite(startTlsCertificate: _certificate));
        _portal = new PortalFactory(_data.Path);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _portal.DisposeAsync();
        await _server.DisposeAsync();
        _certificate.Dispose();
        _data.Dispose();
    }

    private SmtpSettingsStore Store => _portal.Get<SmtpSettingsStore>();

    private async Task<SmtpSettings> SaveAndCheckAsync()
    {
        var saved = (await Store.SaveAsync(new SmtpSettingsInput
        {
            Host = "127.0.0.1", Port = _server.Port, Security = SecurityMode.StartTls,
            Username = "me@example.test", Password = "secret", FromAddress = "me@example.test",
        }, null, Ct)).Settings!;
        var check = await _portal.Get<TestEmailService>().CheckAsync(Requester.Admin(Admin), null, Ct);
        Assert.Equal(SmtpFailureCategory.Certificate, check.Diagnosis.Category);
        return saved;
    }

    [Fact]
    public async Task TheFingerprintAFailedRunSawIsTrustedInOpensslFormAndKeepsThePassword()
    {
        var saved = await SaveAndCheckAsync();
        var openssl = "sha256 Fingerprint=" + CertificateFingerprint.Format(TestCertificates.Sha256(_certificate));

        var result = await Store.TrustCertificateAsync(openssl, saved.Revision, Admin, Ct);

        Assert.True(result.Succeeded);
        var (settings, connection, _) = await _portal.Get<SmtpConnections>().ForStoredSettingsAsync(Ct);
        Assert.Equal(TestCertificates.Sha256(_certificate), settings!.TrustedCertificateSha256);
        Assert.Equal("secret", connection!.Password);
        Assert.True((await _portal.Get<TestEmailService>().CheckAsync(Requester.Admin(Admin), null, Ct)).Succeeded);
        var entry = Assert.Single(await _portal.Get<AuditLog>().FindAsync(new AuditFilter(AuditAction.CertificateTrusted), Ct));
        Assert.Contains(CertificateFingerprint.Format(TestCertificates.Sha256(_certificate)), entry.Details);
    }

    [Fact]
    public async Task AFingerprintNoRunSawOrThatIsNoFingerprintIsRefused()
    {
        var saved = await SaveAndCheckAsync();

        var unseen = await Store.TrustCertificateAsync(new string('A', 64), saved.Revision, Admin, Ct);
        var garbage = await Store.TrustCertificateAsync("*", saved.Revision, Admin, Ct);

        Assert.Equal(CertificateTrustProblem.NotSeen, unseen.TrustRefused);
        Assert.Equal(CertificateTrustProblem.NotAFingerprint, garbage.TrustRefused);
        Assert.Null((await Store.GetAsync(Ct))!.TrustedCertificateSha256);
    }

    [Fact]
    public async Task AFixForAnOlderRevisionIsAConflictAndChangesNothing()
    {
        var saved = await SaveAndCheckAsync();

        var result = await Store.TrustCertificateAsync(TestCertificates.Sha256(_certificate), saved.Revision - 1, Admin, Ct);

        Assert.True(result.IsConflict);
        Assert.Null((await Store.GetAsync(Ct))!.TrustedCertificateSha256);
    }
}
