using System.Globalization;
using System.Text.RegularExpressions;

namespace SmtpPortal.History;

/// <summary>
/// Reads the English details of an entry that has no <see cref="AuditEntry.DetailsMessage"/>
/// back into a message, so that History shows it in the viewer's language too. These are the
/// forms SmtpPortal wrote before entries kept messages (and that a writer setting
/// <see cref="AuditEntry.Details"/> directly still writes); they are frozen: new forms are written
/// as messages. What a diagnosis or a server said stays a literal, as it was recorded.
/// </summary>
public static partial class LegacyAuditDetails
{
    /// <summary>The message these details stand for, or null when they match no known form.</summary>
    public static AuditText? Read(AuditEntry entry)
    {
        var details = entry.Details;
        return entry.Action switch
        {
            AuditAction.SettingsSaved => FieldChanges(entry.Fields, details),
            AuditAction.PasswordRotated or AuditAction.PasswordRolledBack => PasswordChange(details),
            AuditAction.RotationRefused => After("new password not stored: ", details, "RotationRefused"),
            AuditAction.RollbackRefused => After("previous password no longer logs in: ", details, "RollbackRefused"),
            AuditAction.TestSent or AuditAction.TestFailed => TestTo(details),
            AuditAction.ConnectionChecked or AuditAction.ConnectionCheckFailed => details,
            AuditAction.BackupDownloaded => details == "database and key ring" ? AuditText.Of("BackupDownloaded") : null,
            AuditAction.BackupRestored => Match(RestoredPattern(), details) is { } m
                ? AuditText.Of("BackupRestored", m.Groups[1].Value) : null,
            AuditAction.ApiTokenCreated or AuditAction.ApiTokenRevoked => Token(details),
            AuditAction.OAuthSignedIn => OAuthSignedIn(details),
            AuditAction.OAuthSignInRemoved => Match(OAuthRemovedPattern(), details) is { } m
                ? AuditText.Of("OAuthSignInRemoved", m.Groups[1].Value, AuditText.Preset(m.Groups[2].Value)) : null,
            AuditAction.SecretRevealed => Match(RevealPattern(), details) is { } m
                ? AuditText.Of("SecretRevealed", SettingsChangeText.Channel(m.Groups[1].Value), m.Groups[2].Value) : null,
            _ => null,
        };
    }

    /// <summary>"Host: a → b; Port: 25 → 587; password changed", the fields named in order by
    /// <see cref="AuditEntry.Fields"/>; a value may itself contain "; ", so each one runs up to
    /// where the next field's name begins.</summary>
    private static AuditText? FieldChanges(string fields, string details)
    {
        if (details == "no field changed")
            return AuditText.Of("NoFieldChanged");
        var names = fields.Split(", ", StringSplitOptions.RemoveEmptyEntries);
        var changes = new List<AuditText>();
        var rest = details;
        for (var i = 0; i < names.Length; i++)
        {
            var name = names[i];
            if (name == "Password")
            {
                if (!rest.StartsWith("password changed", StringComparison.Ordinal))
                    return null;
                changes.Add(AuditText.Of("PasswordChanged"));
                rest = rest["password changed".Length..];
            }
            else
            {
                if (!rest.StartsWith(name + ": ", StringComparison.Ordinal))
                    return null;
                rest = rest[(name.Length + 2)..];
                var end = i + 1 < names.Length ? rest.IndexOf("; " + Start(names[i + 1]), StringComparison.Ordinal) : rest.Length;
                if (end < 0)
                    return null;
                var value = rest[..end];
                rest = rest[end..];
                var arrow = value.IndexOf(" → ", StringComparison.Ordinal);
                if (arrow < 0)
                    return null;
                changes.Add(SettingsChangeText.Change(name, Value(value[..arrow]), Value(value[(arrow + 3)..])));
            }
            if (rest.StartsWith("; ", StringComparison.Ordinal))
                rest = rest[2..];
        }
        return rest.Length == 0 && changes.Count > 0 ? AuditText.List(changes) : null;
    }

    private static string Start(string field) => field == "Password" ? "password changed" : field + ": ";

    private static string? Value(string shown) => shown == "(empty)" ? null : shown;

    private static AuditText? PasswordChange(string details) => details switch
    {
        "password changed (the new one logged in before it was stored)" => AuditText.Of("PasswordRotatedLogin"),
        "password changed (back to the previous one, which logged in first)" => AuditText.Of("PasswordRolledBack"),
        _ => Match(RotatedWithTestPattern(), details) is { } m ? AuditText.Of("PasswordRotatedTestEmail", m.Groups[1].Value) : null,
    };

    private static AuditText? After(string prefix, string details, string key) =>
        details.StartsWith(prefix, StringComparison.Ordinal) ? AuditText.Of(key, details[prefix.Length..]) : null;

    private static AuditText? TestTo(string details)
    {
        if (!details.StartsWith("to ", StringComparison.Ordinal))
            return null;
        var colon = details.IndexOf(": ", StringComparison.Ordinal);
        return colon < 0 ? null : AuditText.Of("TestTo", details[3..colon], details[(colon + 2)..]);
    }

    private static AuditText? Token(string details)
    {
        if (Match(TokenPattern(), details) is not { } m)
            return null;
        return DateTimeOffset.TryParseExact(m.Groups[3].Value, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out var expires)
            ? AuditText.Of("ApiToken", m.Groups[1].Value, m.Groups[2].Value, AuditText.At(expires))
            : null;
    }

    private static AuditText? OAuthSignedIn(string details)
    {
        if (Match(OAuthSignedInPattern(), details) is not { } m)
            return null;
        var signedIn = AuditText.Of("OAuthSignedIn", m.Groups[1].Value, m.Groups[2].Value, AuditText.Preset(m.Groups[3].Value));
        return m.Groups[4].Success
            ? AuditText.Of("OAuthSignedInReplacing", signedIn, m.Groups[4].Value, AuditText.Preset(m.Groups[5].Value))
            : signedIn;
    }

    private static Match? Match(Regex pattern, string text) => pattern.Match(text) is { Success: true } m ? m : null;

    [GeneratedRegex(@"^database and (\d+) key file\(s\) restored$")]
    private static partial Regex RestoredPattern();

    [GeneratedRegex(@"^password changed \(the new one sent a test email to (.+) before it was stored\)$")]
    private static partial Regex RotatedWithTestPattern();

    [GeneratedRegex(@"^(.*) \(scopes: (.*); expires (\d{4}-\d\d-\d\d \d\d:\d\d) UTC\)$", RegexOptions.Singleline)]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"^(\S+) sign-in for (.+?) \(preset ([^)]+)\)(?:, replacing the one for (.+?) \(preset ([^)]+)\))?$")]
    private static partial Regex OAuthSignedInPattern();

    [GeneratedRegex(@"^sign-in for (.+?) \(preset ([^)]+)\) removed$")]
    private static partial Regex OAuthRemovedPattern();

    [GeneratedRegex(@"^SMTP password shown in clear via ([^:]+): (.*)$", RegexOptions.Singleline)]
    private static partial Regex RevealPattern();
}
