using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace SmtpPortal.Security;

/// <summary>Encrypts SMTP secrets before they reach the database. The purpose string scopes the
/// keys: ciphertext made for another purpose (or by another app) never decrypts here.</summary>
public sealed class SecretProtector(IDataProtectionProvider provider)
{
    public const string SmtpPasswordPurpose = "SmtpPortal.Smtp.Password.v1";

    private readonly IDataProtector _protector = provider.CreateProtector(SmtpPasswordPurpose);

    public string Protect(string secret) => _protector.Protect(secret);

    /// <summary>Null when the key ring that made the ciphertext is gone or was replaced: the
    /// caller must then ask for the secret again, never pass the ciphertext on.</summary>
    public string? TryUnprotect(string ciphertext)
    {
        try
        {
            return _protector.Unprotect(ciphertext);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
