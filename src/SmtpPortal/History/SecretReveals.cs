namespace SmtpPortal.History;

/// <summary>The ways the stored SMTP password can leave the portal in clear text.</summary>
public static class SecretChannel
{
    public const string Export = "export";
    public const string Api = "API";
    public const string Cli = "CLI";
}

/// <summary>Records each time the stored SMTP password is handed out in clear text. Callers
/// record before they hand it out, so a reveal the log cannot hold does not happen.</summary>
public sealed class SecretReveals(AuditLog audit)
{
    /// <param name="channel">One of <see cref="SecretChannel"/>.</param>
    /// <param name="what">Which request or command revealed it ("GET /api/settings", "export env").</param>
    public Task RecordAsync(AuditActor actor, string channel, string what) =>
        audit.RecordAsync(AuditAction.SecretRevealed, actor, AuditText.Of("SecretRevealed", SettingsChangeText.Channel(channel), what));
}
