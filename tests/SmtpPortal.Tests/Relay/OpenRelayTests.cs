using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using SmtpPortal.Data;
using SmtpPortal.Relay;

namespace SmtpPortal.Tests.Relay;

/// <summary>The relay is never an open relay and never a forger: every message needs an app's
/// login, each app sends only as its allowed senders (envelope and header), and the classic
/// open-relay probes are refused with nothing queued.</summary>
public sealed class OpenRelayTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MailWithoutALoginGets530AndNothingIsQueued()
    {
        await using var bed = await RelayTestBed.StartAsync();
        await using var smtp = await RawSmtp.ConnectAsync(bed.Port);
        await smtp.SendAsync("EHLO spammer.example");

        var mail = await smtp.SendAsync("MAIL FROM:<portal@example.test>");
        var rcpt = await smtp.SendAsync("RCPT TO:<victim@example.org>");
        var data = await smtp.SendAsync("DATA");

        Assert.StartsWith("530 5.7.0 Authentication required", mail);
        Assert.StartsWith("503", rcpt);
        Assert.StartsWith("503", data);
        Assert.Empty(await bed.LogAsync());
        var refusals = await bed.Get<RelayRefusals>().CountAsync(Ct);
        Assert.Equal(1, refusals.Last24Hours[RelayRefusalKind.NoLogin]);
        Assert.Equal("127.0.0.1", Assert.Single(refusals.Recent).ClientAddress);
    }

    [Fact]
    public async Task AWrongSecretGets535()
    {
        await using var bed = await RelayTestBed.StartAsync();
        var (app, _) = await bed.CreateAppAsync();
        await using var smtp = await RawSmtp.ConnectAsync(bed.Port);

        var reply = await smtp.LogInAsync(app.UserName, "not the secret");

        Assert.StartsWith("535 5.7.8 Authentication failed", reply);
        Assert.StartsWith("530", await smtp.SendAsync("MAIL FROM:<portal@example.test>"));
    }

    [Theory]
    [InlineData("MAIL FROM:<boss@example.test>", "550 5.7.1 App 'WordPress' may not send as boss@example.test")]
    [InlineData("MAIL FROM:<portal@evil.example>", "550 5.7.1 App 'WordPress' may not send as portal@evil.example")]
    [InlineData("MAIL FROM:<>", "553 5.1.7 Sender address refused: the null sender")]
    [InlineData("MAIL FROM:<@relay.example:portal@example.test>", "553 5.1.7 Sender address refused: source routes")]
    public async Task ALoggedInAppCannotSendAsAnyoneElse(string mailFrom, string refusal)
    {
        await using var bed = await RelayTestBed.StartAsync();
        var (app, secret) = await bed.CreateAppAsync();
        await using var smtp = await RawSmtp.ConnectAsync(bed.Port);
        Assert.StartsWith("235", await smtp.LogInAsync(app.UserName, secret));

        var reply = await smtp.SendAsync(mailFrom);

        Assert.StartsWith(refusal, reply);
        Assert.StartsWith("503", await smtp.SendAsync("RCPT TO:<someone@example.org>"));
        Assert.Empty(await bed.LogAsync());
    }

    [Theory]
    [InlineData("RCPT TO:<@a.example:victim@b.example>", "source routes")]
    [InlineData("RCPT TO:<victim%b.example@a.example>", "relay tricks")]
    [InlineData("RCPT TO:<b.example!victim@a.example>", "relay tricks")]
    [InlineData("RCPT TO:<\"victim@b.example\"@a.example>", "quoted local parts")]
    [InlineData("RCPT TO:<victim@[192.0.2.1]>", "IP literals")]
    public async Task ClassicOpenRelayRecipientTricksAreRefused(string rcptTo, string why)
    {
        await using var bed = await RelayTestBed.StartAsync();
        var (app, secret) = await bed.CreateAppAsync();
        await using var smtp = await RawSmtp.ConnectAsync(bed.Port);
        await smtp.LogInAsync(app.UserName, secret);
        Assert.StartsWith("250", await smtp.SendAsync("MAIL FROM:<portal@example.test>"));

        var reply = await smtp.SendAsync(rcptTo);

        Assert.StartsWith("553 5.1.3 Recipient address refused", reply);
        Assert.Contains(why, reply);
        Assert.StartsWith("554", await smtp.SendAsync("DATA"));
        Assert.Empty(await bed.LogAsync());
    }

    [Fact]
    public async Task AHeaderFromOutsideTheAllowedSendersGets550AfterTheDotAndNothingIsQueued()
    {
        await using var bed = await RelayTestBed.StartAsync();
        var (app, secret) = await bed.CreateAppAsync(senders: "portal@example.test @apps.example.test");
        await using var smtp = await RawSmtp.ConnectAsync(bed.Port);
        await smtp.LogInAsync(app.UserName, secret);
        await smtp.SendAsync("MAIL FROM:<portal@example.test>");
        await smtp.SendAsync("RCPT TO:<someone@example.org>");
        Assert.StartsWith("354", await smtp.SendAsync("DATA"));

        var reply = await smtp.SendAsync("From: The CEO <ceo@bank.example>\r\nSubject: Wire transfer\r\n\r\nPlease pay.\r\n.");

        Assert.StartsWith("550 5.7.1 The From: header says ceo@bank.example, which app 'WordPress' may not send as", reply);
        Assert.Contains("portal@example.test, @apps.example.test", reply);
        Assert.Empty(await bed.LogAsync());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(bed.DataPath, "relay", "queue")));
        // A whole allowed domain is allowed, in the header too.
        await smtp.SendAsync("MAIL FROM:<news@apps.example.test>");
        await smtp.SendAsync("RCPT TO:<someone@example.org>");
        await smtp.SendAsync("DATA");
        Assert.StartsWith("250 2.0.0 Queued as", await smtp.SendAsync("From: news@apps.example.test\r\nSubject: Hi\r\n\r\nHello.\r\n."));
    }

    [Fact]
    public async Task APlainTextLoginFromAnAddressOutsideLoopbackAndTheListedNetworksIsRefusedBeforeTheCredentialsAreRead()
    {
        var outside = NonLoopbackAddress();
        await using var bed = await RelayTestBed.StartAsync(new Dictionary<string, string?>
        {
            ["SmtpPortal:Relay:Endpoints:1"] = $"{outside}:0",
        });
        var (app, secret) = await bed.CreateAppAsync();
        var port = bed.Get<RelayRuntime>().Current.Listening.Single(e => e.Address.Equals(outside)).Port;
        await using var smtp = await RawSmtp.ConnectAsync(port, outside.ToString());

        var ehlo = await smtp.SendAsync("EHLO app.example");
        var login = await smtp.SendAsync("AUTH LOGIN");

        Assert.Contains("STARTTLS", ehlo);
        Assert.DoesNotContain("AUTH", ehlo);
        Assert.StartsWith("538 5.7.11 Encryption required", login);
        // No "334 Username:" prompt: the client was never asked for its credentials.
        Assert.StartsWith("530", await smtp.SendAsync("MAIL FROM:<portal@example.test>"));
        Assert.Equal(1, (await bed.Get<RelayRefusals>().CountAsync(Ct)).Last24Hours[RelayRefusalKind.EncryptionRequired]);

        // The same login over STARTTLS works.
        using var client = new MailKit.Net.Smtp.SmtpClient();
        var fingerprint = bed.Get<RelayCertificate>().Sha256Fingerprint.Replace(":", "");
        client.ServerCertificateValidationCallback = (_, certificate, _, _) =>
            certificate is not null && Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(certificate.GetRawCertData())) == fingerprint;
        await client.ConnectAsync(outside.ToString(), port, MailKit.Security.SecureSocketOptions.StartTls, Ct);
        await client.AuthenticateAsync(app.UserName, secret, Ct);
        await client.SendAsync(RelayTestBed.Message(), Ct);
        await bed.Provider.WaitForMessagesAsync(1);
    }

    [Fact]
    public async Task ACertificateFromTheConfigurationIsTheOneOfferedWithStartTlsAndNoneIsGenerated()
    {
        using var folder = new SmtpPortal.Tests.TestSupport.TempFolder();
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=mail.example.test", key,
            System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var operators = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var pfx = Path.Combine(folder.Path, "relay.pfx");
        await File.WriteAllBytesAsync(pfx, operators.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12, "pfx password"), Ct);
        await using var bed = await RelayTestBed.StartAsync(new Dictionary<string, string?>
        {
            ["SmtpPortal:Relay:CertificatePath"] = pfx,
            ["SmtpPortal:Relay:CertificatePassword"] = "pfx password",
        });
        var (app, secret) = await bed.CreateAppAsync();

        byte[]? offered = null;
        using var client = new MailKit.Net.Smtp.SmtpClient();
        client.ServerCertificateValidationCallback = (_, certificate, _, _) => (offered = certificate?.GetRawCertData()) is not null;
        await client.ConnectAsync("127.0.0.1", bed.Port, MailKit.Security.SecureSocketOptions.StartTls, Ct);
        await client.AuthenticateAsync(app.UserName, secret, Ct);
        await client.SendAsync(RelayTestBed.Message(), Ct);

        Assert.Equal(operators.RawData, offered);
        Assert.Equal(RelayCertificate.Format(System.Security.Cryptography.SHA256.HashData(operators.RawData)), bed.Get<RelayCertificate>().Sha256Fingerprint);
        Assert.False(File.Exists(bed.Get<RelayCertificate>().GeneratedFile));
        await bed.Provider.WaitForMessagesAsync(1);
    }

    [Fact]
    public async Task TheAppSecretIsStoredOnlyAsAHashAndNeverLogged()
    {
        await using var bed = await RelayTestBed.StartAsync();
        var (app, secret) = await bed.CreateAppAsync();
        using (var client = await bed.ConnectAsync(app.UserName, secret))
            await client.SendAsync(RelayTestBed.Message(), Ct);
        await bed.Provider.WaitForMessagesAsync(1);
        await using (var smtp = await RawSmtp.ConnectAsync(bed.Port))
            await smtp.LogInAsync(app.UserName, secret + "x");

        await using (var db = await bed.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct))
            Assert.Equal(RelayAppStore.Hash(secret), (await db.RelayApps.SingleAsync(Ct)).SecretHash);
        var files = string.Concat(Directory.EnumerateFiles(bed.DataPath, "*", SearchOption.AllDirectories)
            .Select(f => System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(f))));
        Assert.DoesNotContain(secret, files);
        Assert.DoesNotContain(secret, string.Join('\n', bed.Logs.Lines));
        Assert.DoesNotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"\0{app.UserName}\0{secret}")), string.Join('\n', bed.Logs.Lines));
    }

    /// <summary>This machine's first non-loopback IPv4 address (a container or CI runner has one).</summary>
    private static IPAddress NonLoopbackAddress() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
        ?? throw new InvalidOperationException("This test needs a non-loopback IPv4 address on this machine to connect from.");
}
