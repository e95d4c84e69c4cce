using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using SmtpPortal.Smtp;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Smtp;

/// <summary>Revocation against a test CA whose CRL lives on 127.0.0.1: an unreachable revocation
/// server is reported as "could not be checked" within the bound; a revoked certificate is caught.</summary>
public sealed class CertificateRevocationTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task ARevocationServerThatNeverAnswersIsReportedAsNotCheckedWithinTheBound()
    {
        await using var crlTarpit = ScriptedSmtpServer.Start(s => s.HoldAsync());
        using var ca = CreateCa();
        using var leaf = CreateLeaf(ca, $"http://127.0.0.1:{crlTarpit.Port}/ca.crl");
        var started = TimeProvider.System.GetTimestamp();

        var status = CertificateRevocation.Check(leaf, Bound, [ca]);

        Assert.Equal(RevocationStatus.CouldNotBeChecked, status);
        Assert.True(TimeProvider.System.GetElapsedTime(started) < Bound + TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task ACertificateOnTheIssuersRevocationListIsRevoked()
    {
        using var ca = CreateCa();
        byte[]? crl = null;
        await using var crlServer = ScriptedSmtpServer.Start(async s =>
        {
            while (await s.ReadLineAsync() is { Length: > 0 })
            {
            }
            await s.SendBytesAsync(Encoding.ASCII.GetBytes(
                $"HTTP/1.1 200 OK\r\nContent-Type: application/pkix-crl\r\nContent-Length: {crl!.Length}\r\nConnection: close\r\n\r\n"));
            await s.SendBytesAsync(crl);
        });
        using var leaf = CreateLeaf(ca, $"http://127.0.0.1:{crlServer.Port}/ca.crl");
        var revocations = new CertificateRevocationListBuilder();
        revocations.AddEntry(leaf, DateTimeOffset.UtcNow.AddMinutes(-5), X509RevocationReason.KeyCompromise);
        crl = revocations.Build(ca, 1, DateTimeOffset.UtcNow.AddDays(1), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        Assert.Equal(RevocationStatus.Revoked, CertificateRevocation.Check(leaf, TimeSpan.FromSeconds(5), [ca]));
    }

    private static X509Certificate2 CreateCa()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=SmtpPortal Test CA", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return X509CertificateLoader.LoadPkcs12(ca.Export(X509ContentType.Pfx), null);
    }

    private static X509Certificate2 CreateLeaf(X509Certificate2 ca, string crlUrl)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(CertificateRevocationListBuilder.BuildCrlDistributionPointExtension([crlUrl]));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(8);
        serial[0] &= 0x7F;
        return request.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(10), serial);
    }
}
