using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using SmtpPortal.Data;
using SmtpPortal.History;
using SmtpPortal.Providers;
using SmtpPortal.Security;
using SmtpPortal.Smtp;
using SmtpPortal.Smtp.Diagnostics;

namespace SmtpPortal.Settings;

/// <summary>Reads and saves the one set of SMTP settings with every rule the settings obey (field
/// validation, the provider's credential shape, the From check, credential passback), whoever
/// saves. The password is encrypted on the way in; it leaves only through
/// <see cref="SmtpConnections"/> (to send) or <see cref="RevealPasswordAsync"/> (recorded).</summary>
public sealed class SmtpSettingsStore(
    IDbContextFactory<PortalDbContext> dbFactory, SecretProtector secrets, ProviderCatalog catalog, FromAddressCheck fromCheck,
    TimeProvider time)
{
    public async Task<SmtpSettings?> GetAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.SmtpSettings.AsNoTracking().SingleOrDefaultAsync(ct);
    }

    /// <summary>What saving this input would do, without doing it: the refusal (conflict, invalid
    /// fields), or the settings as they would be stored, the password as it would be stored, what
    /// the rules have to say, and whether a new password or destination must be tested first.</summary>
    public async Task<SavePlan> PlanAsync(SmtpSettingsInput input, int? expectedRevision, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stored = await db.SmtpSettings.AsNoTracking().SingleOrDefaultAsync(ct);
        return await PlanAsync(db, stored, input, expectedRevision, ct);
    }

    /// <summary>Validates, then saves everything in one transaction, or nothing.</summary>
    /// <param name="expectedRevision">The revision the admin's form was loaded from (null for a
    /// first save); a different stored revision means someone else saved meanwhile.</param>
    /// <param name="actor">Who saves, for the audit row written in the same transaction.</param>
    public Task<SaveResult> SaveAsync(SmtpSettingsInput input, int? expectedRevision, AuditActor? actor, CancellationToken ct) =>
        SaveAsync(input, expectedRevision, actor ?? AuditActor.Unknown, SaveTest.NotRun, ct);

    public Task<SaveResult> SaveAsync(SmtpSettingsInput input, int? expectedRevision, CancellationToken ct = default) =>
        SaveAsync(input, expectedRevision, null, ct);

    /// <param name="test">Whether the new password or destination was tested first, or the admin
    /// chose to save without testing: History records which.</param>
    internal async Task<SaveResult> SaveAsync(
        SmtpSettingsInput input, int? expectedRevision, AuditActor actor, SaveTest test, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stored = await db.SmtpSettings.SingleOrDefaultAsync(ct);
        var plan = await PlanAsync(db, stored, input, expectedRevision, ct);
        if (plan.Refusal is { } refusal)
            return refusal;

        var now = time.GetUtcNow();
        var before = stored?.Copy();
        if (stored is null)
        {
            stored = new SmtpSettings { CreatedAt = now };
            db.SmtpSettings.Add(stored);
        }
        var candidate = plan.Candidate;
        var destinationChanged = DestinationChanged(stored, input);
        stored.PresetId = candidate.PresetId;
        stored.Host = candidate.Host;
        stored.Port = candidate.Port;
        stored.Security = candidate.Security;
        stored.Username = candidate.Username;
        stored.FromAddress = candidate.FromAddress;
        stored.FromName = candidate.FromName;
        stored.ReplyTo = candidate.ReplyTo;
        // A certificate the admin chose during this save is stored only once the test with it passed.
        stored.TrustedCertificateSha256 = test == SaveTest.Passed || input.TrustCertificateSha256 is null
            ? candidate.TrustedCertificateSha256
            : destinationChanged ? null : before?.TrustedCertificateSha256;
        if (destinationChanged)
        {
            // The rollback secret belongs to the old server and account: never to the new one.
            stored.PreviousProtectedPassword = null;
            stored.PreviousPasswordSetAt = null;
        }
        // Exactly as given, but for what the provider's shape rule tidied up and said so (a notice).
        if (!string.IsNullOrEmpty(plan.Password))
        {
            stored.ProtectedPassword = secrets.Protect(plan.Password);
            stored.PasswordSetAt = now;
        }
        else if (stored.Username is null)
        {
            stored.ProtectedPassword = null;
            stored.PasswordSetAt = null;
        }
        var (action, note) = (test, plan.NeedsTest) switch
        {
            (SaveTest.SkippedByAdmin, true) => (AuditAction.SettingsSavedWithoutTest, AuditText.Of("NoteSavedWithoutTest")),
            (SaveTest.Passed, true) => (AuditAction.SettingsSaved, AuditText.Of("NoteTestedBeforeSaving")),
            _ => (AuditAction.SettingsSaved, (AuditText?)null),
        };
        var result = await CommitAsync(db, before, stored, expectedRevision, actor, action, now, note, ct);
        return result with { Notices = plan.Notices };
    }

    private async Task<SavePlan> PlanAsync(
        PortalDbContext db, SmtpSettings? stored, SmtpSettingsInput input, int? expectedRevision, CancellationToken ct)
    {
        // A stale form hears of the conflict first: its other checks compared against settings
        // the admin never saw.
        if (stored is not null && stored.Revision != expectedRevision)
            return SavePlan.Refused(SaveResult.Conflict(await ChangesSinceAsync(db, expectedRevision, ct)));
        var (shape, findings) = Check(input);
        var errors = Validate(input, stored, shape);
        // The store changes nothing in a secret (the page tidies a paste visibly, before it saves),
        // so it has no "removed the spaces" to report.
        var notices = findings.Where(f => f.Severity == ShapeSeverity.Warning).ToList();
        if (errors.Count > 0)
            return SavePlan.Refused(SaveResult.Invalid(errors) with { Notices = notices });

        // Exactly as given: spaces may belong to a password, and a script meant what it sent.
        var password = string.IsNullOrEmpty(input.Password) ? null : input.Password;
        var destinationChanged = stored is null || DestinationChanged(stored, input);
        var pin = CertificateFingerprint.Normalize(input.TrustCertificateSha256);
        var newPin = pin is not null && pin != stored?.TrustedCertificateSha256;
        var candidate = new SmtpSettings
        {
            PresetId = input.PresetId,
            Host = input.Host!.Trim(),
            Port = input.Port!.Value,
            Security = input.Security,
            Username = Trimmed(input.Username),
            FromAddress = input.FromAddress!.Trim(),
            FromName = Trimmed(input.FromName),
            ReplyTo = Trimmed(input.ReplyTo),
            // A pin belongs to one destination; a new one is trusted only once its test passes.
            TrustedCertificateSha256 = pin ?? (destinationChanged ? null : stored!.TrustedCertificateSha256),
            Revision = stored?.Revision ?? 0,
        };
        return new SavePlan(null, candidate, password, destinationChanged || password is not null || newPin, notices);
    }

    /// <summary>What the rules say about an input as it stands (the settings page shows it while
    /// the admin types): the provider's credential shape (blocking findings refuse the save) and
    /// a From address the provider will reject or rewrite.</summary>
    public IReadOnlyList<ShapeFinding> Findings(SmtpSettingsInput input) => Check(input).Findings;

    private (ShapeCheckResult Shape, List<ShapeFinding> Findings) Check(SmtpSettingsInput input)
    {
        var shape = CredentialShapeCheck.Check(catalog.FindOrCustom(input.PresetId), input.Username, input.Password);
        var findings = shape.Findings.ToList();
        if (fromCheck.Warn(input.PresetId, Trimmed(input.Username), Trimmed(input.FromAddress)) is { } fromWarning)
            findings.Add(new ShapeFinding(nameof(SmtpSettingsInput.FromAddress), ShapeSeverity.Warning, fromWarning));
        return (shape, findings);
    }

    /// <summary>Bumps the revision and writes the change with its audit row in one transaction; a
    /// concurrent save in between turns into a conflict that lists what changed meanwhile.</summary>
    private async Task<SaveResult> CommitAsync(PortalDbContext db, SmtpSettings? before, SmtpSettings stored,
        int? expectedRevision, AuditActor actor, AuditAction action, DateTimeOffset now, AuditText? note, CancellationToken ct)
    {
        stored.UpdatedAt = now;
        stored.Revision++;
        db.AuditEntries.Add(SettingsChanges.Between(before, stored).ToAuditEntry(action, actor, now, stored.Revision, note));
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

    /// <summary>Trusts exactly one certificate, and only one that a failed run with the current
    /// settings saw (as on the page: the fix belongs to the run). Refused when the settings
    /// changed since (another destination must not inherit the pin), for a revoked certificate,
    /// and for any fingerprint no run reported.</summary>
    public async Task<SaveResult> TrustCertificateAsync(string fingerprint, int? expectedRevision, AuditActor actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stored = await db.SmtpSettings.SingleOrDefaultAsync(ct);
        if (stored is null || (expectedRevision is { } expected && stored.Revision != expected))
            return SaveResult.Conflict(await ChangesSinceAsync(db, expectedRevision, ct));
        var sha256 = CertificateFingerprint.Normalize(fingerprint);
        var lastRun = await db.TestRuns.AsNoTracking()
            .Where(r => r.SettingsRevision == stored.Revision).OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
        var seen = lastRun is { Succeeded: false, Category: SmtpFailureCategory.Certificate } ? lastRun.Diagnosis.Evidence.Certificate : null;
        var problem = sha256 is null ? CertificateTrustProblem.NotAFingerprint
            : seen is null || !string.Equals(seen.Sha256, sha256, StringComparison.OrdinalIgnoreCase) ? CertificateTrustProblem.NotSeen
            : seen.Problems.HasFlag(CertificateProblem.Revoked) ? CertificateTrustProblem.Revoked
            : (CertificateTrustProblem?)null;
        if (problem is { } refused)
            return SaveResult.Invalid(new()) with { TrustRefused = refused };
        var before = stored.Copy();
        stored.TrustedCertificateSha256 = sha256;
        return await CommitAsync(db, before, stored, stored.Revision, actor, AuditAction.CertificateTrusted, time.GetUtcNow(),
            (AuditText)$"SHA-256 {CertificateFingerprint.Format(sha256!)}", ct);
    }

    /// <summary>The stored password in clear, for an export or API read that is entitled to it.
    /// The "Secret revealed" History entry is written first: a reveal the log cannot hold does not happen.</summary>
    /// <param name="channel">One of <see cref="SecretChannel"/>.</param>
    /// <param name="what">Which request or command reveals it ("GET /api/settings", "export env").</param>
    public async Task<RevealedSettings> RevealPasswordAsync(AuditActor actor, string channel, string what, CancellationToken ct)
    {
        var settings = await GetAsync(ct);
        if (settings?.ProtectedPassword is not { } ciphertext || settings.Username is null)
            return new RevealedSettings(settings, null, false);
        var password = secrets.TryUnprotect(ciphertext);
        if (password is null)
            return new RevealedSettings(settings, null, true);
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        db.AuditEntries.Add(AuditEntry.Of(AuditAction.SecretRevealed, actor, time.GetUtcNow(), SecretChannel.Describe(channel, what)));
        await db.SaveChangesAsync(CancellationToken.None);
        return new RevealedSettings(settings, password, false);
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

    /// <summary>The rules of the fields themselves, by field: what every connection's form obeys
    /// (the main settings and the fallback provider).</summary>
    internal static Dictionary<string, string> FieldProblems(SmtpSettingsInput input, ShapeCheckResult shape)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(input, new ValidationContext(input), results, validateAllProperties: true);
        var errors = results
            .SelectMany(r => r.MemberNames.Select(m => (Member: m, r.ErrorMessage)))
            .GroupBy(e => e.Member)
            .ToDictionary(g => g.Key, g => g.First().ErrorMessage ?? "Invalid value.");
        // What is certainly wrong for this provider (SendGrid's "apikey" and "SG." keys) is refused.
        foreach (var finding in shape.Findings.Where(f => f.Severity == ShapeSeverity.Block))
            errors.TryAdd(finding.Field, finding.Message);
        return errors;
    }

    private static Dictionary<string, string> Validate(SmtpSettingsInput input, SmtpSettings? stored, ShapeCheckResult shape)
    {
        var errors = FieldProblems(input, shape);
        if (!string.IsNullOrWhiteSpace(input.TrustCertificateSha256) && CertificateFingerprint.Normalize(input.TrustCertificateSha256) is null)
            errors[nameof(SmtpSettingsInput.TrustCertificateSha256)] = "This is not a SHA-256 fingerprint: give the 64 hex digits, with or without colons.";

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
        DestinationDiffers(stored.Host, stored.Port, stored.Security, stored.Username, input);

    /// <summary>Whether the input names another server or account than the stored one: a stored
    /// password may only go to the one it was given for (the main settings and the fallback alike).</summary>
    internal static bool DestinationDiffers(string host, int port, SecurityMode security, string? username, SmtpSettingsInput input) =>
        !string.Equals(host, input.Host?.Trim(), StringComparison.OrdinalIgnoreCase)
        || port != input.Port
        || security != input.Security
        || !string.Equals(username ?? "", input.Username?.Trim() ?? "", StringComparison.Ordinal);

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
