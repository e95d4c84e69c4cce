using SmtpPortal.Providers;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;

namespace SmtpPortal.Fallback;

/// <summary>What the fallback form, the API and the command line give. <see cref="Password"/> is
/// write-only: empty keeps the stored one (for the same server and account only).</summary>
public sealed class FallbackInput
{
    public const int DefaultSwitchAfterMinutes = 10;
    public const int MaxSwitchAfterMinutes = 1440;

    public string PresetId { get; set; } = "custom";
    public string? Host { get; set; }
    public int? Port { get; set; }
    public SecurityMode Security { get; set; } = SecurityMode.StartTls;
    public string? Username { get; set; }
    public string? Password { get; set; }
    public string? FromAddress { get; set; }
    public int? SwitchAfterMinutes { get; set; } = DefaultSwitchAfterMinutes;

    /// <summary>The same fields as the main settings, so the same rules check them.</summary>
    internal SmtpSettingsInput AsSettingsInput() => new()
    {
        PresetId = PresetId,
        Host = Host,
        Port = Port,
        Security = Security,
        Username = Username,
        Password = Password,
        FromAddress = FromAddress,
        UsernameRequired = PresetId != "custom",
    };

    /// <summary>Fills host, port and security from the preset (and a fixed username such as
    /// SendGrid's apikey) exactly as the main settings do; every field stays editable.</summary>
    public void ApplyPreset(ProviderPreset preset)
    {
        var fields = AsSettingsInput();
        fields.ApplyPreset(preset);
        PresetId = fields.PresetId;
        Host = fields.Host;
        Port = fields.Port;
        Security = fields.Security;
        Username = fields.Username;
    }

    /// <summary>Whether the preset's provider no longer takes a password for SMTP (Outlook.com):
    /// the fallback logs in with a password only, so such a preset cannot carry its mail.</summary>
    public static bool SignsInWithOAuthOnly(ProviderPreset preset) =>
        preset.OAuth is not null && preset.SecretKind == SecretKind.OAuth2Only;

    public static FallbackInput From(FallbackProvider stored) => new()
    {
        PresetId = stored.PresetId,
        Host = stored.Host,
        Port = stored.Port,
        Security = stored.Security,
        Username = stored.Username,
        FromAddress = stored.FromAddress,
        SwitchAfterMinutes = stored.SwitchAfterMinutes,
    };
}
