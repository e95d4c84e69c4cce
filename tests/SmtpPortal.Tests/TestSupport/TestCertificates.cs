using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SmtpPortal.Tests.TestSupport;

/// <summary>Self-signed server certificates made in the test, for TLS against 127.0.0.1.</summary>
public static class TestCertificates
{
    /// <param name="forLoopback">Whether 127.0.0.1 is among its names (false: a certificate for another name).</param>
    public static X509Certificate2 Create(
        string subject = "localhost", DateTimeOffset? notAfter = null, DateTimeOffset? notBefore = null, bool forLoopback = true)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(subject);
        if (forLoopback)
            names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var end = notAfter ?? DateTimeOffset.UtcNow.AddDays(30);
        using var certificate = request.CreateSelfSigned(notBefore ?? end.AddDays(-60), end);
        // Round-trip through PKCS#12 so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    public static string Sha256(X509Certificate2 certificate) =>
        Convert.ToHexString(SHA256.HashData(certificate.RawData));
}
