namespace SmtpPortal.History;

/// <summary>The ways the stored SMTP password can leave the portal in clear text; each reveal is
/// recorded by SmtpSettingsStore.RevealPasswordAsync before the password is handed out.</summary>
public static class SecretChannel
{
    public const string Export = "export";
    public const string Api = "API";
    public const string Cli = "CLI";

    /// <summary>The History entry's words for one reveal.</summary>
    public static AuditText Describe(string channel, string what) =>
        AuditText.Of("SecretRevealed", SettingsChangeText.Channel(channel), what);
}
