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

    /// <summary>What happened in the admin's words: old → new values, never a secret.</summary>
    public string Details { get; set; } = "";

    /// <summary>The settings revision this entry produced, so a conflicting save can be told
    /// which changes it missed.</summary>
    public int? Revision { get; set; }
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
}

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
        _ => action.ToString(),
    };

    /// <summary>Actions that change the stored settings row (and so its revision).</summary>
    public static bool ChangesSettings(this AuditAction action) =>
        action is AuditAction.SettingsSaved or AuditAction.PasswordRotated or AuditAction.PasswordRolledBack
            or AuditAction.BackupRestored;
}
