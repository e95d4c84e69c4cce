using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SmtpPortal.Smtp;

/// <summary>Each reason a certificate was not accepted; several can hold at once.</summary>
[Flags]
public enum CertificateProblem
{
    None = 0,
    SelfSigned = 1,
    UnknownIssuer = 2,
    NameMismatch = 4,
    Expired = 8,
    NotYetValid = 16,
    Revoked = 32,

    /// <summary>Anything else the chain reported (a bad signature, a wrong key usage…).</summary>
    Other = 64,
}

/// <summary>The certificate a server showed, as facts: subject and issuer as such, the names it
/// is valid for, its dates, every problem found, and its SHA-256 fingerprint.</summary>
public sealed record CertificateEvidence(
    string Subject,
    string Issuer,
    IReadOnlyList<string> Names,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    string Sha256,
    CertificateProblem Problems,
    RevocationStatus Revocation,
    bool TrustedByPin)
{
    /// <summary>The fingerprint as <c>openssl x509 -fingerprint -sha256</c> prints it: AB:CD:…</summary>
    public string Fingerprint => CertificateFingerprint.Format(Sha256);
}

/// <summary>SHA-256 fingerprints of certificates: stored as 64 hex digits, shown the way openssl
/// shows them, and accepted in either form (and with openssl's "sha256 Fingerprint=" prefix).</summary>
public static class CertificateFingerprint
{
    public static string Of(X509Certificate certificate) =>
        Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData()));

    public static string Format(string sha256) =>
        string.Join(':', Enumerable.Range(0, sha256.Length / 2).Select(i => sha256.Substring(i * 2, 2).ToUpperInvariant()));

    /// <summary>The 64 upper-case hex digits of a fingerprint typed or pasted in any usual form, or null.</summary>
    public static string? Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var value = text.Trim();
        var equals = value.LastIndexOf('=');
        if (equals >= 0)
            value = value[(equals + 1)..];
        var hex = string.Concat(value.Where(c => c is not (':' or ' ' or '-')));
        return hex.Length == 64 && hex.All(Uri.IsHexDigit) ? hex.ToUpperInvariant() : null;
    }
}
