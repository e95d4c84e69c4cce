using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Localization;
using SmtpPortal.Localization;
using SmtpPortal.Providers;
using SmtpPortal.Smtp;

namespace SmtpPortal.Settings;

/// <summary>What the settings form edits. <see cref="Password"/> is write-only: it starts empty,
/// and empty means "keep the stored password"; otherwise it is stored exactly as given.</summary>
public sealed class SmtpSettingsInput : IValidatableObject
{
    private static readonly IStringLocalizer L = StaticLocalizer.For(typeof(SmtpSettingsInput));

    /// <summary>A message of this type's resources (the settings store words its own checks with them).</summary>
    internal static string Text(string key) => L[key];

    public string PresetId { get; set; } = "custom";
    public string? Host { get; set; }
    public int? Port { get; set; }
    public SecurityMode Security { get; set; } = SecurityMode.StartTls;
    public string? Username { get; set; }
    public string? Password { get; set; }
    public string? FromAddress { get; set; }
    public string? FromName { get; set; }
    public string? ReplyTo { get; set; }

    /// <summary>Whether this preset needs a login; only Custom may leave it empty.</summary>
    public bool UsernameRequired { get; set; } = true;

    /// <summary>The admin signed in with the provider (OAuth2), so no password is needed.</summary>
    public bool SignsInWithOAuth { get; set; }

    /// <summary>One certificate (SHA-256, as openssl prints it or bare hex) the admin chose to trust
    /// for these settings after their test showed it: stored only when the test with it passes.</summary>
    public string? TrustCertificateSha256 { get; set; }

    /// <summary>Fills host, port and security from the preset (and SendGrid's literal username);
    /// the settings page and the command line both start from these defaults, and all stay editable.</summary>
    public void ApplyPreset(ProviderPreset preset)
    {
        PresetId = preset.Id;
        UsernameRequired = !preset.IsCustom;
        if (preset.DefaultHost is not null)
            Host = preset.DefaultHost;
        if (preset.DefaultPort is { } port)
        {
            Port = port.Port;
            Security = port.Security;
        }
        // A fixed word (SendGrid's apikey, Resend's resend) is filled in; leaving such a preset clears it.
        var previousWord = Username is "apikey" or "resend";
        if (preset.UsernameForm == UsernameForm.LiteralApiKey)
            Username = preset.FixedUsername;
        else if (previousWord)
            Username = null;
    }

    public static SmtpSettingsInput From(SmtpSettings settings) => new()
    {
        PresetId = settings.PresetId,
        Host = settings.Host,
        Port = settings.Port,
        Security = settings.Security,
        Username = settings.Username,
        FromAddress = settings.FromAddress,
        FromName = settings.FromName,
        ReplyTo = settings.ReplyTo,
    };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var errors = new List<ValidationResult>();
        void Check(string? message, string member)
        {
            if (message is not null)
                errors.Add(new ValidationResult(message, [member]));
        }

        Check(InputRules.CheckHost(Host), nameof(Host));
        Check(InputRules.CheckPort(Port), nameof(Port));
        if (!Enum.IsDefined(Security))
            Check(L["ChooseSecurity"], nameof(Security));
        if (UsernameRequired && string.IsNullOrWhiteSpace(Username))
            Check(L["UsernameRequired"], nameof(Username));
        Check(InputRules.CheckHeaderText(Username, 320), nameof(Username));
        Check(InputRules.CheckPassword(Password), nameof(Password));
        Check(InputRules.CheckEmail(FromAddress, AddressRole.From), nameof(FromAddress));
        Check(InputRules.CheckHeaderText(FromName, 200), nameof(FromName));
        if (!string.IsNullOrWhiteSpace(ReplyTo))
            Check(InputRules.CheckEmail(ReplyTo, AddressRole.ReplyTo), nameof(ReplyTo));
        return errors;
    }
}
