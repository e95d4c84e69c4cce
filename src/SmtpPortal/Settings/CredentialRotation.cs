using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using SmtpPortal.Data;
using SmtpPortal.History;
using SmtpPortal.Hosting;
using SmtpPortal.Security;
using SmtpPortal.Smtp;

namespace SmtpPortal.Settings;

/// <summary>
/// Replaces the stored password only after the new one has logged in to the saved server, so a
/// rotation can never leave the server unable to send. The replaced password stays encrypted for
/// one rollback (itself checked before it is used) until the next rotation.
/// </summary>
public sealed class CredentialRotation(
    IDbContextFactory<PortalDbContext> dbFactory,
    SecretProtector secrets,
    TestEmailSender sender,
    IOptions<SmtpPortalOptions> options,
    TimeProvider time)
{
    /// <summary>What the password card says, in the UI language.</summary>
    private static readonly IStringLocalizer L = Localization.StaticLocalizer.For(typeof(CredentialRotation));

    /// <param name="testRecipient">When given, the new password must also deliver a test email
    /// to this address (not just log in) before it is stored.</param>
    public async Task<CredentialChangeResult> RotateAsync(
        string? newPassword, int expectedRevision, AuditActor actor, CancellationToken ct = default, string? testRecipient = null)
    {
        // Exactly as given, as when saving: nothing is trimmed behind the admin's back.
        var password = newPassword;
        if (string.IsNullOrEmpty(password))
            return CredentialChangeResult.Refused(L["EnterNewPassword"]);
        if (InputRules.CheckPassword(password) is { } passwordProblem)
            return CredentialChangeResult.Refused(passwordProblem);
        if (testRecipient is not null && InputRules.CheckEmail(testRecipient, AddressRole.TestRecipient) is { } recipientProblem)
            return CredentialChangeResult.Refused(recipientProblem);

        var stored = await LoadAsync(ct);
        if (Unusable(stored, expectedRevision) is { } problem)
            return problem;

        // Only the saved server and account ever see the new secret (never a changed form's).
        var connection = ConnectionFor(stored!, password);
        var check = testRecipient is null
            ? await sender.CheckAsync(connection, options.Value.SendTimeout, ct)
            : await sender.SendAsync(connection, TestEmailService.BuildMessage(stored!, testRecipient, time.GetUtcNow()),
                options.Value.SendTimeout, ct);
        if (!check.Succeeded)
        {
            await RecordAsync(AuditAction.RotationRefused, actor, AuditText.Of("RotationRefused", check.Summary));
            return CredentialChangeResult.Refused(L["NewNotStored", check.Summary], check);
        }

        return await ApplyAsync(expectedRevision, actor, AuditAction.PasswordRotated, settings =>
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

    public async Task<CredentialChangeResult> RollBackAsync(int expectedRevision, AuditActor actor, CancellationToken ct = default)
    {
        var stored = await LoadAsync(ct);
        if (Unusable(stored, expectedRevision) is { } problem)
            return problem;
        if (stored!.PreviousProtectedPassword is null)
            return CredentialChangeResult.Refused(L["NoPrevious"]);
        var previous = secrets.TryUnprotect(stored.PreviousProtectedPassword);
        if (previous is null)
            return CredentialChangeResult.Refused(L["PreviousUnreadable"]);

        var check = await sender.CheckAsync(ConnectionFor(stored, previous), options.Value.SendTimeout, ct);
        if (!check.Succeeded)
        {
            await RecordAsync(AuditAction.RollbackRefused, actor, AuditText.Of("RollbackRefused", check.Summary));
            return CredentialChangeResult.Refused(L["PreviousFails", check.Summary], check);
        }

        return await ApplyAsync(expectedRevision, actor, AuditAction.PasswordRolledBack, settings =>
        {
            settings.ProtectedPassword = settings.PreviousProtectedPassword;
            settings.PasswordSetAt = settings.PreviousPasswordSetAt;
            settings.PreviousProtectedPassword = null;
            settings.PreviousPasswordSetAt = null;
        }, AuditText.Of("PasswordRolledBack"), check, ct);
    }

    private async Task<SmtpSettings?> LoadAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.SmtpSettings.AsNoTracking().SingleOrDefaultAsync(ct);
    }

    private static CredentialChangeResult? Unusable(SmtpSettings? stored, int expectedRevision)
    {
        if (stored is null)
            return CredentialChangeResult.Refused(L["SaveFirst"]);
        if (stored.Username is null)
            return CredentialChangeResult.Refused(L["NoPassword"]);
        return stored.Revision != expectedRevision ? CredentialChangeResult.Conflict() : null;
    }

    private static SmtpConnection ConnectionFor(SmtpSettings stored, string password) =>
        new(stored.Host, stored.Port, stored.Security, stored.Username, password, stored.TrustedCertificateSha256);

    /// <summary>The change and its audit row in one transaction, guarded by the revision.</summary>
    private async Task<CredentialChangeResult> ApplyAsync(int expectedRevision, AuditActor actor, AuditAction action,
        Action<SmtpSettings> change, AuditText details, SendOutcome check, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var settings = await db.SmtpSettings.SingleAsync(ct);
        if (settings.Revision != expectedRevision)
            return CredentialChangeResult.Conflict();
        change(settings);
        var now = time.GetUtcNow();
        settings.UpdatedAt = now;
        settings.Revision++;
        db.AuditEntries.Add(new AuditEntry
        {
            At = now, Actor = actor.Name, RemoteAddress = actor.RemoteAddress, Action = action,
            Fields = "Password", Revision = settings.Revision,
        }.Saying(details));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return CredentialChangeResult.Conflict();
        }
        return new CredentialChangeResult(true, action == AuditAction.PasswordRotated ? L["Rotated"] : L["RolledBack"], check, settings);
    }

    /// <summary>Refusals are recorded even when the admin cancelled: History shows every attempt.</summary>
    private async Task RecordAsync(AuditAction action, AuditActor actor, AuditText details)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        db.AuditEntries.Add(new AuditEntry
        {
            At = time.GetUtcNow(), Actor = actor.Name, RemoteAddress = actor.RemoteAddress, Action = action,
            Fields = "Password",
        }.Saying(details));
        await db.SaveChangesAsync(CancellationToken.None);
    }
}

public sealed record CredentialChangeResult(
    bool Succeeded, string Message, SendOutcome? Check = null, SmtpSettings? Settings = null, bool IsConflict = false)
{
    public static CredentialChangeResult Refused(string message, SendOutcome? check = null) => new(false, message, check);

    public static CredentialChangeResult Conflict() => new(false,
        Localization.StaticLocalizer.For(typeof(CredentialRotation))["Conflict"], IsConflict: true);
}
