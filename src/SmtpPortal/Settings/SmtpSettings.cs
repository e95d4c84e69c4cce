using SmtpPortal.Smtp;

namespace SmtpPortal.Settings;

/// <summary>The server's outgoing mail settings: one row, edited in place.</summary>
public sealed class SmtpSettings
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;
    public string PresetId { get; set; } = "custom";
    public string Host { get; set; } = "";
    public int Port { get; set; }
    public SecurityMode Security { get; set; }
    public string? Username { get; set; }

    /// <summary>Data Protection ciphertext of the password; never the password itself.</summary>
    public string? ProtectedPassword { get; set; }
    public DateTimeOffset? PasswordSetAt { get; set; }

    /// <summary>The password replaced by the last successful rotation, still encrypted, kept for
    /// one rollback; destroyed by the next rotation, a rollback or a new destination.</summary>
    public string? PreviousProtectedPassword { get; set; }
    public DateTimeOffset? PreviousPasswordSetAt { get; set; }

    public string FromAddress { get; set; } = "";
    public string? FromName { get; set; }
    public string? ReplyTo { get; set; }

    /// <summary>SHA-256 of one server certificate the admin chose to trust although it does not
    /// validate (self-signed, internal CA). Only that exact certificate is accepted.</summary>
    public string? TrustedCertificateSha256 { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Concurrency token: bumped by every save, so a save based on stale settings fails.</summary>
    public int Revision { get; set; }

    public bool HasPassword => ProtectedPassword is not null;
    public bool CanRollBack => PreviousProtectedPassword is not null;

    /// <summary>A detached copy, to compare a row before and after a change.</summary>
    public SmtpSettings Copy() => (SmtpSettings)MemberwiseClone();
}
