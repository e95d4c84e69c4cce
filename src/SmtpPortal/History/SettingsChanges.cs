using SmtpPortal.Settings;
using SmtpPortal.Smtp;

namespace SmtpPortal.History;

/// <summary>One changed field: old and new value, or just "password changed" for the secret.</summary>
public sealed record FieldChange(string Field, string? Before, string? After, bool IsSecret = false)
{
    public override string ToString() => IsSecret ? "password changed" : $"{Field}: {Show(Before)} → {Show(After)}";

    private static string Show(string? value) => string.IsNullOrEmpty(value) ? "(empty)" : value;
}

public static class SettingsChanges
{
    /// <summary>What differs between two versions of the settings row; the password is compared
    /// by its ciphertext and reported without any value.</summary>
    public static IReadOnlyList<FieldChange> Between(SmtpSettings? before, SmtpSettings after)
    {
        var changes = new List<FieldChange>();
        void Compare(string field, string? old, string? now)
        {
            if (!string.Equals(old ?? "", now ?? "", StringComparison.Ordinal))
                changes.Add(new FieldChange(field, old, now));
        }

        Compare("Provider", before?.PresetId, after.PresetId);
        Compare("Host", before?.Host, after.Host);
        Compare("Port", before?.Port.ToString(), after.Port.ToString());
        // People's words (SSL/TLS), never the enum's name (SslOnConnect).
        Compare("Security", before?.Security.Describe(), after.Security.Describe());
        Compare("Username", before?.Username, after.Username);
        if (before?.ProtectedPassword != after.ProtectedPassword)
            changes.Add(new FieldChange("Password", null, null, IsSecret: true));
        Compare("From address", before?.FromAddress, after.FromAddress);
        Compare("From name", before?.FromName, after.FromName);
        Compare("Reply-To", before?.ReplyTo, after.ReplyTo);
        Compare("Trusted certificate", before?.TrustedCertificateSha256, after.TrustedCertificateSha256);
        return changes;
    }

    public static AuditEntry ToAuditEntry(
        this IReadOnlyList<FieldChange> changes, AuditAction action, AuditActor actor, DateTimeOffset at, int revision, string? note = null) =>
        AuditEntry.Of(action, actor, at,
            (changes.Count == 0 ? "no field changed" : string.Join("; ", changes)) + (note is null ? "" : $" ({note})"),
            string.Join(", ", changes.Select(c => c.Field)), revision);
}
