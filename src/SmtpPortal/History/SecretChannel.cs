namespace SmtpPortal.History;

/// <summary>The ways the stored SMTP password can leave the portal in clear text; each reveal is
/// recorded by SmtpSettingsStore.RevealPasswordAsync before the password is handed out.</summary>
public static class SecretChannel
{
    public const string Export = "export";
    public const string Api = "API";
    public const string Cli = "CLI";

    /// <summary>The History entry's words for one reveal.</summary>
    public static string Describe(string channel, string what) => $"SMTP password shown in clear via {channel}: {what}";
}
