using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SmtpPortal.Security;

/// <summary>The <c>SmtpPortal:KeyRing</c> section: optional certificate protection of the Data
/// Protection keys at rest. Without it the keys folder is protected by file permissions only.</summary>
public sealed class KeyRingOptions
{
    public const string Section = "SmtpPortal:KeyRing";

    /// <summary>A PKCS#12 (.pfx/.p12) file with a private key; relative to the content root.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>Set it in the environment (<c>SmtpPortal__KeyRing__CertificatePassword</c>), never
    /// in appsettings.json.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>The configured certificate, or null when none is configured. A configured but
    /// unusable certificate stops the start with a message that names the key.</summary>
    public X509Certificate2? LoadCertificate(string contentRoot)
    {
        if (string.IsNullOrWhiteSpace(CertificatePath))
            return null;
        var path = Path.Combine(contentRoot, CertificatePath);
        if (!File.Exists(path))
            throw new InvalidOperationException($"{Section}:CertificatePath: no file at '{path}'.");
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, CertificatePassword, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException)
        {
            throw new InvalidOperationException(
                $"{Section}:CertificatePath: '{path}' could not be opened; check the file and {Section}:CertificatePassword.");
        }
        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new InvalidOperationException($"{Section}:CertificatePath: '{path}' holds no private key.");
        }
        return certificate;
    }
}
