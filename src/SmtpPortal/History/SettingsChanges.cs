using SmtpPortal.Settings;
using SmtpPortal.Smtp;

namespace SmtpPortal.History;

/// <summary>One changed field: old and new value, or just "password changed" for the secret.</summary>
public sealed record FieldChange(string Field, string? Before, string? After, bool IsSecret = false)
{
    public AuditText ToAuditText() => IsSecret ? AuditText.Of("PasswordChanged") : SettingsChangeText.Change(Field, Before, After);
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
        // The enum's name, which History renders in the reader's words (AuditText.Mode).
        Compare("Security", before?.Security.ToString(), after.Security.ToString());
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
        this IReadOnlyList<FieldChange> changes, AuditAction action, AuditActor actor, DateTimeOffset at, int revision, AuditText? note = null) => new AuditEntry
    {
        At = at,
        Actor = actor.Name,
        RemoteAddress = actor.RemoteAddress,
        Action = action,
        Fields = string.Join(", ", changes.Select(c => c.Field)),
        Revision = revision,
    }.Saying(WithNote(changes.Count == 0 ? AuditText.Of("NoFieldChanged") : AuditText.List(changes.Select(c => c.ToAuditText())), note));

    private static AuditText WithNote(AuditText changes, AuditText? note) => note is null ? changes : AuditText.Of("WithNote", changes, note);
}

/// <summary>The words of a settings change, shared by new entries and old ones read back.</summary>
public static class SettingsChangeText
{
    /// <summary>The fields History names, by the English name entries store in <see cref="AuditEntry.Fields"/>.</summary>
    private static readonly Dictionary<string, string> FieldKeys = new(StringComparer.Ordinal)
    {
        ["Provider"] = "FieldProvider",
        ["Host"] = "FieldHost",
        ["Port"] = "FieldPort",
        ["Security"] = "FieldSecurity",
        ["Username"] = "FieldUsername",
        ["Password"] = "FieldPassword",
        ["From address"] = "FieldFromAddress",
        ["From name"] = "FieldFromName",
        ["Reply-To"] = "FieldReplyTo",
        ["Trusted certificate"] = "FieldTrustedCertificate",
    };

    public static AuditText Field(string field) => FieldKeys.TryGetValue(field, out var key) ? AuditText.Of(key) : field;

    /// <summary>"Host: a → b", with a preset shown by name and a security mode in the reader's words.</summary>
    public static AuditText Change(string field, string? before, string? after) =>
        AuditText.Of("FieldChanged", Field(field), Value(field, before), Value(field, after));

    private static AuditText Value(string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
            return AuditText.Of("Empty");
        if (field == "Provider")
            return AuditText.Preset(value);
        if (field == "Security" && Enum.TryParse<SecurityMode>(value, out var mode) && Enum.IsDefined(mode))
            return AuditText.Mode(mode);
        return value;
    }

    /// <summary>How a secret left the portal (<see cref="SecretChannel"/>), in the reader's words.</summary>
    public static AuditText Channel(string channel) => channel switch
    {
        SecretChannel.Export => AuditText.Of("ChannelExport"),
        SecretChannel.Api => AuditText.Of("ChannelApi"),
        SecretChannel.Cli => AuditText.Of("ChannelCli"),
        _ => channel,
    };
}
