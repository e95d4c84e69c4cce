using SmtpPortal.Settings;
using SmtpPortal.Smtp;

namespace SmtpPortal.Export;

/// <summary>The settings as an export renders them. <see cref="Password"/> is either the real
/// secret (only after re-authentication) or <see cref="PasswordPlaceholder"/>; null when the
/// server needs no login.</summary>
public sealed record ExportValues(
    string Host,
    int Port,
    SecurityMode Security,
    string? Username,
    string? Password,
    string FromAddress,
    string? FromName,
    string? ReplyTo)
{
    public const string PasswordPlaceholder = "REPLACE_WITH_SMTP_PASSWORD";

    public bool HasLogin => Username is not null;

    public bool PasswordIsPlaceholder => Password == PasswordPlaceholder;

    /// <summary>The domain part of the From address (several apps want it on its own).</summary>
    public string FromDomain => FromAddress[(FromAddress.LastIndexOf('@') + 1)..];

    public string FromLocalPart => FromAddress[..FromAddress.LastIndexOf('@')];

    /// <summary><c>"Name" &lt;address&gt;</c> as RFC 5322 writes it, or the bare address.</summary>
    public string FromMailbox => string.IsNullOrEmpty(FromName)
        ? FromAddress
        : $"\"{FromName.Replace("\\", "\\\\").Replace("\"", "\\\"")}\" <{FromAddress}>";

    public static ExportValues From(SmtpSettings settings, string? password) => new(
        settings.Host, settings.Port, settings.Security, settings.Username,
        settings.Username is null ? null : password ?? PasswordPlaceholder,
        settings.FromAddress, settings.FromName, settings.ReplyTo);
}
