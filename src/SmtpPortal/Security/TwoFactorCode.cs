namespace SmtpPortal.Security;

/// <summary>Tells a 6-digit authenticator code from a recovery code, whatever spaces or dashes
/// the admin typed around it.</summary>
public static class TwoFactorCode
{
    public static string Normalize(string? code) =>
        (code ?? "").Trim().Replace(" ", "", StringComparison.Ordinal);

    public static bool LooksLikeAuthenticatorCode(string normalized)
    {
        var digits = normalized.Replace("-", "", StringComparison.Ordinal);
        return digits.Length == 6 && digits.All(char.IsAsciiDigit);
    }

    public static string Digits(string normalized) => normalized.Replace("-", "", StringComparison.Ordinal);
}
