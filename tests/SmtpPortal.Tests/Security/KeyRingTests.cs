using System.Security.Cryptography.X509Certificates;
using SmtpPortal.Hosting;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Security;

/// <summary>The key ring at rest: certificate protection, and a portal whose keys are gone.</summary>
public sealed class KeyRingTests : IDisposable
{
    private const string CertificatePassword = "pfx pass";
    private readonly TempFolder _data = new();
    private readonly TempFolder _secrets = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _data.Dispose();
        _secrets.Dispose();
    }

    private string WriteCertificate()
    {
        using var certificate = TestCertificates.Create("smtpportal-keyring");
        var path = Path.Combine(_secrets.Path, "keyring.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, CertificatePassword));
        return path;
    }

    private Dictionary<string, string?> CertificateSettings(string path) => new()
    {
        ["SmtpPortal:KeyRing:CertificatePath"] = path,
        ["SmtpPortal:KeyRing:CertificatePassword"] = CertificatePassword,
    };

    [Fact]
    public async Task WithACertificateConfiguredTheKeyFilesHoldNoPlainKeyAndTheNextStartStillDecrypts()
    {
        var settings = CertificateSettings(WriteCertificate());
        await using (var first = new PortalFactory(_data.Path, settings))
            await SaveAsync(first);

        var keyFiles = Directory.GetFiles(Path.Combine(_data.Path, "keys"), "key-*.xml");
        Assert.NotEmpty(keyFiles);
        Assert.All(keyFiles, file =>
        {
            var xml = File.ReadAllText(file);
            Assert.Contains("EncryptedData", xml);
            Assert.DoesNotContain("<value>", xml);
        });

        await using var second = new PortalFactory(_data.Path, settings);
        Assert.Equal("the secret", (await second.Get<SmtpConnections>().ForStoredSettingsAsync(Ct)).Connection!.Password);
    }

    [Fact]
    public async Task AConfiguredCertificateThatIsMissingStopsTheStartNamingTheKey()
    {
        await using var portal = new PortalFactory(_data.Path, CertificateSettings(Path.Combine(_secrets.Path, "absent.pfx")));

        var error = Assert.Throws<InvalidOperationException>(() => portal.Services);

        Assert.Contains("SmtpPortal:KeyRing:CertificatePath", error.Message);
    }

    [Fact]
    public async Task AReplacedKeyRingStillStartsWarnsAndNeverSendsTheCiphertext()
    {
        await using var server = LocalSmtpServer.Plain();
        await using (var first = new PortalFactory(_data.Path))
            Assert.True((await first.Get<SmtpSettingsStore>().SaveAsync(LocalSettings.For(server), null, Ct)).Succeeded);
        foreach (var key in Directory.GetFiles(Path.Combine(_data.Path, "keys")))
            File.Delete(key);

        await using var replaced = new PortalFactory(_data.Path);
        using var client = replaced.CreateNonRedirectingClient();
        Assert.Equal("ok", await client.GetStringAsync("/health", Ct));
        Assert.False(await replaced.Services.WarnIfStoredSecretIsUnreadableAsync(Ct));
        var outcome = await replaced.Get<TestEmailService>().SendAsync("someone@example.test", Requester.Admin(new SmtpPortal.History.AuditActor("admin", null)), null, Ct);

        Assert.Equal(SmtpFailureCategory.PasswordUnreadable, outcome.Diagnosis.Category);
        Assert.Contains("enter it again", DiagnosisWords.Texts.Summary(outcome.Diagnosis));
        Assert.Empty(server.Logins);
    }

    private static async Task SaveAsync(PortalFactory portal)
    {
        var input = new SmtpSettingsInput
        {
            Host = "smtp.example.com", Port = 587, Username = "mailer", Password = "the secret", FromAddress = "server@example.com",
        };
        Assert.True((await portal.Get<SmtpSettingsStore>().SaveAsync(input, null, Ct)).Succeeded);
    }
}
