using Microsoft.EntityFrameworkCore;
using SmtpPortal.Data;
using SmtpPortal.History;
using SmtpPortal.Security;
using SmtpPortal.Smtp;
using SmtpPortal.Smtp.Diagnostics;

namespace SmtpPortal.Settings;

/// <summary>
/// Replaces the stored password only after the new one has logged in to the saved server, so a
/// rotation can never leave the server unable to send. The replaced password stays encrypted for
/// one rollback (itself checked before it is used) until the next rotation. Each check is a run
/// like any test: capped per minute, and the Dashboard's newest result.
/// </summary>
public sealed class CredentialRotation(
    IDbContextFactory<PortalDbContext> dbFactory,
    SecretProtector secrets,
    TestEmailService tests,
    DiagnosisText texts,
    AuditLog audit,
    TimeProvider time)
{
    /// <param name="testRecipient">When given, the new password must also deliver a test email
    /// to this address (not just log in) before it is stored.</param>
    public async Task<CredentialChangeResult> RotateAsync(
        string? newPassword, int expectedRevision, string? testRecipient, Requester requester, CancellationToken ct)
    {
        // Exactly as given, as when saving: nothing is trimmed behind the admin's back.
        var password = newPassword;
        if (string.IsNullOrEmpty(password))
            return CredentialChangeResult.Refused(CredentialProblem.NoPassword);
        if (InputRules.CheckPassword(password) is { } passwordProblem)
            return CredentialChangeResult.Refused(CredentialProblem.PasswordRefused) with { Detail = passwordProblem };
        if (testRecipient is not null && InputRules.CheckEmail(testRecipient, AddressRole.TestRecipient) is { } recipientProblem)
            return CredentialChangeResult.Refused(CredentialProblem.BadRecipient) with { Detail = recipientProblem };

        var stored = await LoadAsync(ct);
        if (Unusable(stored, expectedRevision) is { } problem)
            return problem;

        // Only the saved server and account ever see the new secret (never a changed form's).
        var check = await tests.CheckCandidateAsync(TestRunKind.Rotation, stored!, password, testRecipient, requester, ct);
        if (!check.Succeeded)
        {
            await audit.RecordAsync(AuditAction.RotationRefused, requester.Actor, AuditText.Of("RotationRefused", Summary(check)), "Password");
            return CredentialChangeResult.Refused(CredentialProblem.CheckFailed, check);
        }

        return await ApplyAsync(expectedRevision, requester.Actor, AuditAction.PasswordRotated, settings =>
        {
            // A current secret that no longer decrypts is worthless as a rollback target.
            var currentReadable = settings.ProtectedPassword is not null && secrets.TryUnprotect(settings.ProtectedPassword) is not null;
            settings.PreviousProtectedPassword = currentReadable ? settings.ProtectedPassword : null;
            settings.PreviousPasswordSetAt = currentReadable ? settings.PasswordSetAt : null;
            settings.ProtectedPassword = secrets.Protect(password);
            settings.PasswordSetAt = time.GetUtcNow();
        }, testRecipient is null
            ? AuditText.Of("PasswordRotatedLogin")
            : AuditText.Of("PasswordRotatedTestEmail", testRecipient), check, ct);
    }

    public async Task<CredentialChangeResult> RollBackAsync(int expectedRevision, Requester requester, CancellationToken ct)
    {
        var stored = await LoadAsync(ct);
        if (Unusable(stored, expectedRevision) is { } problem)
            return problem;
        if (stored!.PreviousProtectedPassword is null)
            return CredentialChangeResult.Refused(CredentialProblem.NoPrevious);

        var check = await tests.CheckPreviousPasswordAsync(stored, requester, ct);
        if (check.Diagnosis.Category == SmtpFailureCategory.PasswordUnreadable)
            return CredentialChangeResult.Refused(CredentialProblem.PreviousUnreadable);
        if (!check.Succeeded)
        {
            await audit.RecordAsync(AuditAction.RollbackRefused, requester.Actor,
                AuditText.Of("RollbackRefused", Summary(check)), "Password");
            return CredentialChangeResult.Refused(CredentialProblem.CheckFailed, check);
        }

        return await ApplyAsync(expectedRevision, requester.Actor, AuditAction.PasswordRolledBack, settings =>
        {
            settings.ProtectedPassword = settings.PreviousProtectedPassword;
            settings.PasswordSetAt = settings.PreviousPasswordSetAt;
            settings.PreviousProtectedPassword = null;
            settings.PreviousPasswordSetAt = null;
        }, AuditText.Of("PasswordRolledBack"), check, ct);
    }

    private AuditText Summary(TestRunResult check) => EnglishText.Bilingual(() => texts.Summary(check.Diagnosis));

    private async Task<SmtpSettings?> LoadAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.SmtpSettings.AsNoTracking().SingleOrDefaultAsync(ct);
    }

    private static CredentialChangeResult? Unusable(SmtpSettings? stored, int expectedRevision)
    {
        if (stored is null)
            return CredentialChangeResult.Refused(CredentialProblem.NotConfigured);
        if (stored.Username is null)
            return CredentialChangeResult.Refused(CredentialProblem.NoLogin);
        return stored.Revision != expectedRevision ? CredentialChangeResult.Conflict() : null;
    }

    /// <summary>The change and its audit row in one transaction, guarded by the revision.</summary>
    private async Task<CredentialChangeResult> ApplyAsync(int expectedRevision, AuditActor actor, AuditAction action,
        Action<SmtpSettings> change, AuditText details, TestRunResult check, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var settings = await db.SmtpSettings.SingleAsync(ct);
        if (settings.Revision != expectedRevision)
            return CredentialChangeResult.Conflict();
        change(settings);
        var now = time.GetUtcNow();
        settings.UpdatedAt = now;
        settings.Revision++;
        db.AuditEntries.Add(AuditEntry.Of(action, actor, now, details, "Password", settings.Revision));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return CredentialChangeResult.Conflict();
        }
        return new CredentialChangeResult(true, null, check, settings);
    }
}

/// <summary>Why a rotation or rollback stored nothing; the page and the command line word it.</summary>
public enum CredentialProblem
{
    NoPassword,

    /// <summary>The input rules refused the password (a control character…): <see cref="CredentialChangeResult.Detail"/> says why.</summary>
    PasswordRefused,

    /// <summary>The test recipient is not an address: <see cref="CredentialChangeResult.Detail"/> says why.</summary>
    BadRecipient,
    NotConfigured,
    NoLogin,
    NoPrevious,
    PreviousUnreadable,

    /// <summary>The new (or previous) password did not pass its check: <see cref="CredentialChangeResult.Check"/> says why.</summary>
    CheckFailed,

    /// <summary>Someone else changed the settings meanwhile.</summary>
    Conflict,
}

public sealed record CredentialChangeResult(
    bool Succeeded, CredentialProblem? Problem, TestRunResult? Check = null, SmtpSettings? Settings = null)
{
    /// <summary>The input rule's own words, for a refused password or recipient.</summary>
    public string? Detail { get; init; }

    public bool IsConflict => Problem == CredentialProblem.Conflict;

    public static CredentialChangeResult Refused(CredentialProblem problem, TestRunResult? check = null) => new(false, problem, check);

    public static CredentialChangeResult Conflict() => new(false, CredentialProblem.Conflict);
}
