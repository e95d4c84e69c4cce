using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MailKit;
using MailKit.Net.Smtp;

namespace SmtpPortal.Smtp;

/// <summary>The seam around MailKit: every SMTP client SmtpPortal uses is made here, with the
/// certificate rules applied (see docs/decisions/0003-mailkit-options.md).</summary>
public interface ISmtpClientFactory
{
    ISmtpClient Create(SmtpConnection connection, TlsObservation tls, IProtocolLogger transcript);
}

/// <summary>What the TLS handshake showed of the server's certificate, for explaining failures.</summary>
public sealed class TlsObservation
{
    public X509Certificate2? Certificate { get; set; }
    public SslPolicyErrors Errors { get; set; }
    public RevocationStatus Revocation { get; set; }
    public bool TrustedByPin { get; set; }
    public string? CertificateSha256 => Certificate is null ? null : Sha256Of(Certificate);

    public static string Sha256Of(X509Certificate certificate) =>
        Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData()));

    /// <summary>Subject, issuer, names, expiry and whether it was trusted, in one readable block.</summary>
    public string Describe()
    {
        if (Certificate is not { } cert)
            return L["NoCertificate"];
        var names = cert.Extensions.OfType<X509SubjectAlternativeNameExtension>()
            .SelectMany(e => e.EnumerateDnsNames().Concat(e.EnumerateIPAddresses().Select(a => a.ToString())));
        var verdict = Errors == SslPolicyErrors.None ? L["Verified"]
            : TrustedByPin ? L["TrustedByPin", Errors]
            : L["NotVerified", Errors];
        return L["Certificate", cert.Subject, cert.Issuer, string.Join(", ", names),
            cert.NotAfter.ToUniversalTime().ToString("yyyy-MM-dd"), verdict, Describe(Revocation), CertificateSha256!];
    }

    /// <summary>In the current UI language, as this block is shown on the settings page.</summary>
    private static string Describe(RevocationStatus status) => L[status switch
    {
        RevocationStatus.Good => "NotRevoked",
        RevocationStatus.Revoked => "Revoked",
        RevocationStatus.CouldNotBeChecked => "RevocationUnknown",
        _ => "RevocationNotChecked",
    }];

    private static readonly Microsoft.Extensions.Localization.IStringLocalizer L =
        Localization.StaticLocalizer.For(typeof(TlsObservation));
}

public sealed class MailKitSmtpClientFactory : ISmtpClientFactory
{
    public ISmtpClient Create(SmtpConnection connection, TlsObservation tls, IProtocolLogger transcript)
    {
        var client = new SmtpClient(transcript)
        {
            // Revocation is checked in IsTrusted with a bounded timeout instead: inside the TLS
            // handshake it could stall for minutes on a server without internet access.
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
        {
            tls.Revocation = CertificateRevocation.Check(tls.Certificate!, CertificateRevocation.DefaultTimeout);
            return tls.Revocation != RevocationStatus.Revoked;
        }
        // One certificate the admin pinned by fingerprint; never a blanket "accept everything".
        tls.TrustedByPin = pin is not null && certificate is not null
            && string.Equals(TlsObservation.Sha256Of(certificate), pin, StringComparison.OrdinalIgnoreCase);
        return tls.TrustedByPin;
    }
}
