namespace SmtpPortal.History;

/// <summary>One line of the audit log: who did what, when, from where. Rows are only ever
/// added (see <see cref="AppendOnlyAuditInterceptor"/>); secrets appear as "password changed".</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string Actor { get; set; } = "";
    public string? RemoteAddress { get; set; }
    public AuditAction Action { get; set; }

    /// <summary>Names of the changed fields, comma-separated ("Host, Port, Password").</summary>
    public string Fields { get; set; } = "";

    /// <summary>What happened in English words: old → new values, never a secret. History shows
    /// <see cref="DetailsMessage"/> in the viewer's language; this copy serves text search and
    /// anyone reading the table without the portal.</summary>
    public string Details { get; set; } = "";

    /// <summary>The same as an <see cref="AuditText"/> in JSON; null for entries written before
    /// entries kept messages (History reads their English back, see <see cref="LegacyAuditDetails"/>).</summary>
    public string? DetailsMessage { get; set; }

    /// <summary>The settings revision this entry produced, so a conflicting save can be told
    /// which changes it missed.</summary>
    public int? Revision { get; set; }

    /// <summary>The one way an entry is made; <paramref name="fields"/> and <paramref name="revision"/>
    /// only for events that change the settings row.</summary>
    public static AuditEntry Of(
        AuditAction action, AuditActor actor, DateTimeOffset at, AuditText details, string fields = "", int? revision = null) => new AuditEntry
    {
        At = at, Actor = actor.Name, RemoteAddress = actor.RemoteAddress, Action = action, Fields = fields, Revision = revision,
    }.Saying(details);

    /// <summary>Sets both the message and its English words, cut to what the columns hold.</summary>
    public AuditEntry Saying(AuditText details)
    {
        Details = Cut(AuditTextRenderer.English(details), MaxDetailsLength);
        var json = details.ToJson();
        DetailsMessage = json.Length <= MaxDetailsLength ? json : null;
        return this;
    }

    public const int MaxDetailsLength = 4000;

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];
}

public enum AuditAction
{
    SettingsSaved,
    PasswordRotated,
    RotationRefused,
    PasswordRolledBack,
    RollbackRefused,
    TestSent,
    TestFailed,
    BackupDownloaded,
    BackupRestored,
    ConnectionChecked,
    ConnectionCheckFailed,
    // Stored by name (AuditEntryConfiguration): new actions go here, at the end, and need no migration.
    ApiTokenCreated,
    ApiTokenRevoked,
    OAuthSignedIn,
    OAuthSignInRemoved,
    SecretRevealed,
    AdminAdded,
    AdminRemoved,
    AdminPasswordChanged,
    AdminPasswordReset,
    AdminTwoFactorEnabled,
    AdminTwoFactorDisabled,
    AdminTwoFactorReset,
    AdminSignedIn,
    AdminSignInFailed,
    AdminLockedOut,
    SettingsSavedWithoutTest,
    CertificateTrusted,
    PortsProbed,
    RelayTurnedOn,
    RelayTurnedOff,
    RelaySettingsChanged,
    RelayAppCreated,
    RelayAppRevoked,
    RelayMessageRetried,
    RelayMessageDeleted,
    AlertSent,
    AlertFailed,
    AlertChannelAdded,
    AlertChannelRemoved,
    FallbackAdded,
    FallbackChanged,
    FallbackRemoved,
    FallbackChecked,
    FallbackCheckFailed,
    SwitchedToFallback,
    SwitchedToMain,
}

/// <summary>An action's English name, for logs and machine-facing output; History shows
/// <see cref="AuditTextRenderer.Describe(AuditAction)"/>.</summary>
public static class AuditActionText
{
    public static string Describe(this AuditAction action) => action switch
    {
        AuditAction.SettingsSaved => "Settings saved",
        AuditAction.PasswordRotated => "Password rotated",
        AuditAction.RotationRefused => "Rotation refused",
        AuditAction.PasswordRolledBack => "Password rolled back",
        AuditAction.RollbackRefused => "Rollback refused",
        AuditAction.TestSent => "Test email sent",
        AuditAction.TestFailed => "Test email failed",
        AuditAction.BackupDownloaded => "Backup downloaded",
        AuditAction.BackupRestored => "Backup restored",
        AuditAction.ConnectionChecked => "Connection checked",
        AuditAction.ConnectionCheckFailed => "Connection check failed",
        AuditAction.ApiTokenCreated => "API token created",
        AuditAction.ApiTokenRevoked => "API token revoked",
        AuditAction.OAuthSignedIn => "OAuth sign-in completed",
        AuditAction.OAuthSignInRemoved => "OAuth sign-in removed",
        AuditAction.SecretRevealed => "Secret revealed",
        AuditAction.AdminAdded => "Admin added",
        AuditAction.AdminRemoved => "Admin removed",
        AuditAction.AdminPasswordChanged => "Admin password changed",
        AuditAction.AdminPasswordReset => "Admin password reset",
        AuditAction.AdminTwoFactorEnabled => "Two-factor turned on",
        AuditAction.AdminTwoFactorDisabled => "Two-factor turned off",
        AuditAction.AdminTwoFactorReset => "Two-factor reset",
        AuditAction.AdminSignedIn => "Admin signed in",
        AuditAction.AdminSignInFailed => "Admin sign-in failed",
        AuditAction.AdminLockedOut => "Admin locked out",
        AuditAction.SettingsSavedWithoutTest => "Settings saved without testing",
        AuditAction.CertificateTrusted => "Certificate trusted",
        AuditAction.PortsProbed => "Ports probed",
        AuditAction.RelayTurnedOn => "Relay turned on",
        AuditAction.RelayTurnedOff => "Relay turned off",
        AuditAction.RelaySettingsChanged => "Relay settings changed",
        AuditAction.RelayAppCreated => "Relay login created",
        AuditAction.RelayAppRevoked => "Relay login revoked",
        AuditAction.RelayMessageRetried => "Relayed message retried",
        AuditAction.RelayMessageDeleted => "Relayed message deleted",
        AuditAction.AlertSent => "Alert sent",
        AuditAction.AlertFailed => "Alert not delivered",
        AuditAction.AlertChannelAdded => "Alert channel added",
        AuditAction.AlertChannelRemoved => "Alert channel removed",
        AuditAction.FallbackAdded => "Fallback provider added",
        AuditAction.FallbackChanged => "Fallback provider changed",
        AuditAction.FallbackRemoved => "Fallback provider removed",
        AuditAction.FallbackChecked => "Fallback provider checked",
        AuditAction.FallbackCheckFailed => "Fallback provider check failed",
        AuditAction.SwitchedToFallback => "Mail switched to the fallback provider",
        AuditAction.SwitchedToMain => "Mail back on the main provider",
        _ => action.ToString(),
    };

    /// <summary>Actions that change the stored settings row (and so its revision).</summary>
    public static bool ChangesSettings(this AuditAction action) =>
        action is AuditAction.SettingsSaved or AuditAction.PasswordRotated or AuditAction.PasswordRolledBack
            or AuditAction.BackupRestored or AuditAction.SettingsSavedWithoutTest or AuditAction.CertificateTrusted;
}
