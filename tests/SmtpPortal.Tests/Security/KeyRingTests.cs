using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
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

    [Fact]
    public async Task ADamagedKeyFileIsSetAsideNamedInTheLogAndThePortalStaysUsable()
    {
        await using (var first = new PortalFactory(_data.Path))
        {
            await first.CreateAdminAsync();
            await SaveAsync(first);
        }
        var keyFile = Assert.Single(Directory.GetFiles(Path.Combine(_data.Path, "keys"), "key-*.xml"));
        var damaged = File.ReadAllText(keyFile)[..80]; // cut off mid-element, as a full disk would leave it
        File.WriteAllText(keyFile, damaged);

        await AssertUsableAndSetAsideAsync(new Dictionary<string, string?>(), keyFile, damaged, "is damaged");
    }

    [Fact]
    public async Task TheCommandLineSetsADamagedKeyFileAsideAndSaysSoOnStandardError()
    {
        await using (var first = new PortalFactory(_data.Path))
            await SaveAsync(first);
        var keyFile = Assert.Single(Directory.GetFiles(Path.Combine(_data.Path, "keys"), "key-*.xml"));
        File.WriteAllText(keyFile, "<key id=");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await SmtpPortal.Cli.PortalCommandLine.RunAsync(["settings", "show"], new SmtpPortal.Cli.CliConsole(output, error, new MemoryStream()),
            new Dictionary<string, string?> { ["SmtpPortal:DataDirectory"] = _data.Path }, Ct);

        Assert.Equal(0, exit);
        Assert.Contains($"The key ring file {keyFile} is damaged", error.ToString());
        Assert.Contains("password:  can't be decrypted: set it again", output.ToString());
        Assert.Single(Directory.GetFiles(Path.Combine(_data.Path, "keys-unreadable")));
    }

    [Fact]
    public async Task KeysEncryptedWithAnotherCertificateAreSetAsideAndThePortalStaysUsable()
    {
        var settings = CertificateSettings(WriteCertificate());
        await using (var first = new PortalFactory(_data.Path, settings))
        {
            await first.CreateAdminAsync();
            await SaveAsync(first);
        }
        var keyFile = Assert.Single(Directory.GetFiles(Path.Combine(_data.Path, "keys"), "key-*.xml"));
        var original = File.ReadAllText(keyFile);
        using (var other = TestCertificates.Create("another-certificate"))
            File.WriteAllBytes(Path.Combine(_secrets.Path, "keyring.pfx"), other.Export(X509ContentType.Pkcs12, CertificatePassword));

        await AssertUsableAndSetAsideAsync(settings, keyFile, original, "can't be decrypted with the configured certificate");
    }

    /// <summary>Sign-in works, the settings page asks for the password again, the log names the
    /// file and the remedy, and the unreadable file is kept, moved out of the key ring.</summary>
    private async Task AssertUsableAndSetAsideAsync(
        Dictionary<string, string?> settings, string keyFile, string keyFileText, string problem)
    {
        var logs = new CapturedLogs();
        await using var portal = new PortalFactory(_data.Path, settings)
        {
            TestServices = s => s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs),
        };
        using var browser = AdminBrowser.Open(portal);

        Assert.Equal(System.Net.HttpStatusCode.OK, (await browser.GetAsync("/signin")).StatusCode);
        Assert.Equal("/", AdminBrowser.RedirectTarget(await browser.SignInAsync()));
        Assert.Contains("The stored password can't be decrypted", await AdminBrowser.TextOf(await browser.GetAsync("/settings")));

        Assert.False(File.Exists(keyFile));
        var keptAside = Assert.Single(Directory.GetFiles(Path.Combine(_data.Path, "keys-unreadable")));
        Assert.StartsWith(Path.GetFileName(keyFile), Path.GetFileName(keptAside));
        Assert.Equal(keyFileText, File.ReadAllText(keptAside));
        var warning = Assert.Single(logs.Lines, l => l.Contains(keyFile, StringComparison.Ordinal));
        Assert.Contains(problem, warning);
        Assert.Contains(keptAside, warning);
        Assert.Contains("enter the SMTP password again", warning);
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
