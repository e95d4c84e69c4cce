using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace SmtpPortal.Security;

/// <summary>Encrypts SMTP secrets before they reach the database. The purpose string scopes the
/// keys: ciphertext made for another purpose (or by another app) never decrypts here.</summary>
public sealed class SecretProtector
{
    public const string SmtpPasswordPurpose = "SmtpPortal.Smtp.Password.v1";
    public const string OAuthRefreshTokenPurpose = "SmtpPortal.OAuth.RefreshToken.v1";
    public const string OAuthClientSecretPurpose = "SmtpPortal.OAuth.ClientSecret.v1";

    private readonly IDataProtector _protector;

    /// <summary>The protector for the SMTP password (what dependency injection hands out).</summary>
    public SecretProtector(IDataProtectionProvider provider)
        : this(provider.CreateProtector(SmtpPasswordPurpose))
    {
    }

    private SecretProtector(IDataProtector protector) => _protector = protector;

    /// <summary>The same protection under another purpose, so that one kind of secret can never
    /// be decrypted as another.</summary>
    public static SecretProtector ForPurpose(IDataProtectionProvider provider, string purpose) =>
        new(provider.CreateProtector(purpose));

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
