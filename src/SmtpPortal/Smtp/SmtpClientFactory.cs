using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MailKit.Net.Smtp;

namespace SmtpPortal.Smtp;

/// <summary>The seam around MailKit: every SMTP client SmtpPortal uses is made here, with the
/// certificate rules applied (see docs/decisions/0003-mailkit-options.md).</summary>
public interface ISmtpClientFactory
{
    ISmtpClient Create(SmtpConnection connection, TlsObservation tls);
}

/// <summary>What the TLS handshake showed of the server's certificate, for explaining failures.</summary>
public sealed class TlsObservation
{
    public X509Certificate2? Certificate { get; set; }
    public SslPolicyErrors Errors { get; set; }
    public string? CertificateSha256 => Certificate is null ? null : Sha256Of(Certificate);

    public static string Sha256Of(X509Certificate certificate) =>
        Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData()));
}

public sealed class MailKitSmtpClientFactory : ISmtpClientFactory
{
    public ISmtpClient Create(SmtpConnection connection, TlsObservation tls)
    {
        var client = new SmtpClient
        {
            // Revocation lists live on the internet; many servers that run SmtpPortal cannot reach
            // them, and MailKit would stall for minutes. The certificate chain is still verified.
            CheckCertificateRevocation = false,
            ServerCertificateValidationCallback = (_, certificate, _, errors) =>
                IsTrusted(certificate, errors, connection.TrustedCertificateSha256, tls),
        };
        return client;
    }

    private static bool IsTrusted(X509Certificate? certificate, SslPolicyErrors errors, string? pin, TlsObservation tls)
    {
        tls.Errors = errors;
        tls.Certificate = certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        if (errors == SslPolicyErrors.None)
            return true;
        // One certificate the admin pinned by fingerprint; never a blanket "accept everything".
        return pin is not null && certificate is not null
            && string.Equals(TlsObservation.Sha256Of(certificate), pin, StringComparison.OrdinalIgnoreCase);
    }
}
