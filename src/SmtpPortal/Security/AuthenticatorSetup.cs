using System.Text;
using QRCoder;

namespace SmtpPortal.Security;

/// <summary>What an authenticator app needs to add SmtpPortal: the otpauth:// URI (as a QR code
/// image, rendered here so no third-party service ever sees the key) and the key to type by hand.</summary>
public sealed record AuthenticatorSetup(string Key, string Uri)
{
    private const string Issuer = "SmtpPortal";

    public static AuthenticatorSetup For(string userName, string key) => new(
        key,
        $"otpauth://totp/{System.Uri.EscapeDataString(Issuer)}:{System.Uri.EscapeDataString(userName)}" +
        $"?secret={key}&issuer={System.Uri.EscapeDataString(Issuer)}&digits=6&period=30");

    /// <summary>The key in groups of four, as authenticator apps show it.</summary>
    public string GroupedKey
    {
        get
        {
            var grouped = new StringBuilder();
            for (var i = 0; i < Key.Length; i += 4)
                grouped.Append(Key.AsSpan(i, Math.Min(4, Key.Length - i))).Append(' ');
            return grouped.ToString().TrimEnd().ToLowerInvariant();
        }
    }

    /// <summary>A PNG data URI (the CSP allows img-src data:).</summary>
    public string QrCodeDataUri =>
        "data:image/png;base64," + Convert.ToBase64String(
            PngByteQRCodeHelper.GetQRCode(Uri, QRCodeGenerator.ECCLevel.Q, 5, drawQuietZones: true));
}
