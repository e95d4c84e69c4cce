using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using SmtpPortal.Data;
using SmtpPortal.History;
using SmtpPortal.Security;
using SmtpPortal.Smtp;

namespace SmtpPortal.Settings;

/// <summary>Reads and saves the one set of SMTP settings. The password is encrypted on the way in
/// and only ever decrypted to hand it to the SMTP client.</summary>
public sealed class SmtpSettingsStore(
    IDbContextFactory<PortalDbContext> dbFactory, SecretProtector secrets, TimeProvider time)
{
    public async Task<SmtpSettings?> GetAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.SmtpSettings.AsNoTracking().SingleOrDefaultAsync(ct);
    }

    /// <summary>Validates, then saves everything in one transaction, or nothing.</summary>
    /// <param name="expectedRevision">The revision the admin's form was loaded from (null for a
    /// first save); a different stored revision means someone else saved meanwhile.</param>
    /// <param name="actor">Who saves, for the audit row written in the same transaction.</param>
    public async Task<SaveResult> SaveAsync(
        SmtpSettingsInput input, int? expectedRevision, CancellationToken ct = default, AuditActor? actor = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stored = await db.SmtpSettings.SingleOrDefaultAsync(ct);

        // A stale form hears of the conflict first: its other checks compared against settings
        // the admin never saw.
        if (stored is not null && stored.Revision != expectedRevision)
            return SaveResult.Conflict(await ChangesSinceAsync(db, expectedRevision, ct));
        var errors = Validate(input, stored);
        if (errors.Count > 0)
            return SaveResult.Invalid(errors);

        var now = time.GetUtcNow();
        var before = stored?.Copy();
        if (stored is null)
        {
            stored = new SmtpSettings { CreatedAt = now };
            db.SmtpSettings.Add(stored);
        }
        var destinationChanged = DestinationChanged(stored, input);
        stored.PresetId = input.PresetId;
        stored.Host = input.Host!.Trim();
        stored.Port = input.Port!.Value;
        stored.Security = input.Security;
        stored.Username = string.IsNullOrWhiteSpace(input.Username) ? null : input.Username.Trim();
        stored.FromAddress = input.FromAddress!.Trim();
        stored.FromName = string.IsNullOrWhiteSpace(input.FromName) ? null : input.FromName.Trim();
        stored.ReplyTo = string.IsNullOrWhiteSpace(input.ReplyTo) ? null : input.ReplyTo.Trim();
        if (destinationChanged)
        {
            stored.TrustedCertificateSha256 = null;
            // The rollback secret belongs to the old server and account: never to the new one.
            stored.PreviousProtectedPassword = null;
            stored.PreviousPasswordSetAt = null;
        }
        // Exactly as given: a secret changed behind the admin's back would fail at the server.
        var newPassword = input.Password;
        if (!string.IsNullOrEmpty(newPassword))
        {
            stored.ProtectedPassword = secrets.Protect(newPassword);
            stored.PasswordSetAt = now;
        }
        else if (stored.Username is null)
        {
            stored.ProtectedPassword = null;
            stored.PasswordSetAt = null;
        }
        return await CommitAsync(db, before, stored, expectedRevision, actor, now, ct);
    }

    /// <summary>Bumps the revision and writes the change with its audit row in one transaction; a
    /// concurrent save in between turns into a conflict that lists what changed meanwhile.</summary>
    private async Task<SaveResult> CommitAsync(PortalDbContext db, SmtpSettings? before, SmtpSettings stored,
        int? expectedRevision, AuditActor? actor, DateTimeOffset now, CancellationToken ct)
    {
        stored.UpdatedAt = now;
        stored.Revision++;
        db.AuditEntries.Add(SettingsChanges.Between(before, stored)
            .ToAuditEntry(AuditAction.SettingsSaved, actor ?? AuditActor.Unknown, now, stored.Revision));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            await using var fresh = await dbFactory.CreateDbContextAsync(ct);
            return SaveResult.Conflict(await ChangesSinceAsync(fresh, expectedRevision, ct));
        }
        return SaveResult.Saved(stored);
    }

    /// <summary>The audit rows of every change made after the revision the admin loaded.</summary>
    internal static async Task<IReadOnlyList<AuditEntry>> ChangesSinceAsync(
        PortalDbContext db, int? revision, CancellationToken ct)
    {
        var since = revision ?? 0;
        var entries = await db.AuditEntries.AsNoTracking()
            .Where(e => e.Revision != null && e.Revision > since)
            .OrderBy(e => e.Id)
            .ToListAsync(ct);
        return entries.Where(e => e.Action.ChangesSettings()).ToList();
    }

    /// <summary>The stored settings ready to send with, or why they are not.</summary>
    public async Task<(SmtpSettings? Settings, SmtpConnection? Connection, SendOutcome? Problem)> GetConnectionAsync(
        CancellationToken ct = default) =>
        ConnectionFor(await GetAsync(ct));

    /// <summary>Settings already read (by <see cref="GetAsync"/>) ready to send with, or why they are not.</summary>
    public (SmtpSettings? Settings, SmtpConnection? Connection, SendOutcome? Problem) ConnectionFor(SmtpSettings? settings)
    {
        if (settings is null)
            return (null, null, OutcomeText.Failed(SmtpFailureCategory.NotConfigured,
                OutcomeText.Of(typeof(SmtpSettingsStore), "NotSaved")));
        string? password = null;
        if (settings.ProtectedPassword is not null)
        {
            password = secrets.TryUnprotect(settings.ProtectedPassword);
            if (password is null)
                return (settings, null, OutcomeText.Failed(SmtpFailureCategory.PasswordUnreadable,
                    OutcomeText.Of(typeof(SmtpSettingsStore), "PasswordUnreadable")));
        }
        else if (settings.Username is not null)
        {
            return (settings, null, OutcomeText.Failed(SmtpFailureCategory.NotConfigured,
                OutcomeText.Of(typeof(SmtpSettingsStore), "NoPassword")));
        }
        return (settings, new SmtpConnection(settings.Host, settings.Port, settings.Security,
            settings.Username, password, settings.TrustedCertificateSha256), null);
    }

    /// <summary>Trusts exactly one certificate (by SHA-256) for the settings the test ran with.
    /// Refused when the settings changed since (another destination must not inherit the pin).</summary>
    public async Task<SaveResult> TrustCertificateAsync(
        string sha256, int expectedRevision, CancellationToken ct = default, AuditActor? actor = null)
    {
        if (sha256.Length != 64 || !sha256.All(Uri.IsHexDigit))
            throw new ArgumentException("Not a SHA-256 fingerprint.", nameof(sha256));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stored = await db.SmtpSettings.SingleOrDefaultAsync(ct);
        if (stored is null || stored.Revision != expectedRevision)
            return SaveResult.Conflict(await ChangesSinceAsync(db, expectedRevision, ct));
        var before = stored.Copy();
        stored.TrustedCertificateSha256 = sha256.ToUpperInvariant();
        return await CommitAsync(db, before, stored, expectedRevision, actor, time.GetUtcNow(), ct);
    }

    public async Task<bool> CanDecryptPasswordAsync(CancellationToken ct = default)
    {
        var settings = await GetAsync(ct);
        return settings?.ProtectedPassword is null || secrets.TryUnprotect(settings.ProtectedPassword) is not null;
    }

    /// <summary>Which stored secrets (current, kept for rollback) the key ring cannot decrypt.</summary>
    public async Task<IReadOnlyList<string>> FindUnreadableSecretsAsync(CancellationToken ct = default)
    {
        var settings = await GetAsync(ct);
        var unreadable = new List<string>();
        if (settings?.ProtectedPassword is { } current && secrets.TryUnprotect(current) is null)
            unreadable.Add("the current password");
        if (settings?.PreviousProtectedPassword is { } previous && secrets.TryUnprotect(previous) is null)
            unreadable.Add("the password kept for rollback");
        return unreadable;
    }

    private static Dictionary<string, string> Validate(SmtpSettingsInput input, SmtpSettings? stored)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(input, new ValidationContext(input), results, validateAllProperties: true);
        var errors = results
            .SelectMany(r => r.MemberNames.Select(m => (Member: m, r.ErrorMessage)))
            .GroupBy(e => e.Member)
            .ToDictionary(g => g.Key, g => g.First().ErrorMessage ?? "Invalid value.");

        // Credential passback: the stored password may only ever go to the server and account it
        // was entered for. A new destination needs the password typed again.
        if (stored?.HasPassword == true && string.IsNullOrWhiteSpace(input.Password)
            && !string.IsNullOrWhiteSpace(input.Username) && DestinationChanged(stored, input)
            && !errors.ContainsKey(nameof(SmtpSettingsInput.Password)))
            errors[nameof(SmtpSettingsInput.Password)] = SmtpSettingsInput.Text("PasswordAgain");
        if (stored is null && input.UsernameRequired && !input.SignsInWithOAuth && string.IsNullOrWhiteSpace(input.Password)
            && !errors.ContainsKey(nameof(SmtpSettingsInput.Password)))
            errors[nameof(SmtpSettingsInput.Password)] = SmtpSettingsInput.Text("PasswordRequired");
        return errors;
    }

    private static bool DestinationChanged(SmtpSettings stored, SmtpSettingsInput input) =>
        !string.Equals(stored.Host, input.Host?.Trim(), StringComparison.OrdinalIgnoreCase)
        || stored.Port != input.Port
        || stored.Security != input.Security
        || !string.Equals(stored.Username ?? "", input.Username?.Trim() ?? "", StringComparison.Ordinal);
}

public sealed record SaveResult(
    SmtpSettings? Settings, IReadOnlyDictionary<string, string> Errors, bool IsConflict,
    IReadOnlyList<AuditEntry>? ChangedMeanwhile = null)
{
    public bool Succeeded => Settings is not null;
    public static SaveResult Saved(SmtpSettings settings) => new(settings, new Dictionary<string, string>(), false);
    public static SaveResult Invalid(Dictionary<string, string> errors) => new(null, errors, false);
    /// <summary>Someone saved since the form was loaded; <paramref name="changedMeanwhile"/> says
    /// who changed what (secrets as "password changed").</summary>
    public static SaveResult Conflict(IReadOnlyList<AuditEntry> changedMeanwhile) =>
        new(null, new Dictionary<string, string>(), true, changedMeanwhile);
}
