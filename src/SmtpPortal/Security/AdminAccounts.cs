using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SmtpPortal.History;

namespace SmtpPortal.Security;

/// <summary>One admin as the Admins page and <c>admins list</c> show it.</summary>
public sealed record AdminSummary(
    string Id, string UserName, string Email, bool TwoFactorEnabled,
    DateTimeOffset? LockedUntil = null, bool MustChangePassword = false);

/// <summary>A password reset from the command line: the result, and the one-time password when
/// the portal chose it.</summary>
public sealed record PasswordReset(IdentityResult Result, string? OneTimePassword);

/// <summary>Adds, removes and re-passwords admins, each change a History entry. Each operation
/// uses its own scope (and so its own DbContext): the Admins page lives in a long-running circuit,
/// and the command line shares these rules.</summary>
public sealed class AdminAccounts(IServiceScopeFactory scopeFactory, AuditLog audit, TimeProvider time)
{
    // Two admins removing each other at once must not leave none.
    private readonly SemaphoreSlim _membership = new(1, 1);

    public async Task<IReadOnlyList<AdminSummary>> ListAsync(CancellationToken ct = default)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
        var admins = await users.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(ct);
        var now = time.GetUtcNow();
        return admins.Select(a => new AdminSummary(a.Id, a.UserName ?? "", a.Email ?? "", a.TwoFactorEnabled,
            a.LockoutEnd > now ? a.LockoutEnd : null, a.MustChangePassword)).ToList();
    }

    /// <summary>The new admin signs in with this password and should change it on the Admins page.</summary>
    public async Task<IdentityResult> AddAsync(string userName, string email, string password, AuditActor actor)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
        var admin = new AdminUser { UserName = userName.Trim(), Email = email.Trim(), EmailConfirmed = true };
        var result = await users.CreateAsync(admin, password);
        if (result.Succeeded)
            await audit.RecordAsync(AuditAction.AdminAdded, actor, AuditText.Of("AdminAdded", admin.UserName!, admin.Email!));
        return result;
    }

    /// <summary>Removes another admin; their sessions end at their next request or circuit check.</summary>
    public async Task<IdentityResult> RemoveAsync(string adminId, string currentAdminId, AuditActor actor)
    {
        if (adminId == currentAdminId)
            return Failed("You cannot remove yourself; ask another admin to do it.");

        await _membership.WaitAsync();
        try
        {
            await using var scope = scopeFactory.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
            if (await users.Users.CountAsync() <= 1)
                return Failed("At least one admin must remain.");
            var admin = await users.FindByIdAsync(adminId);
            if (admin is null)
                return Failed("That admin no longer exists.");
            var result = await users.DeleteAsync(admin);
            if (result.Succeeded)
                await audit.RecordAsync(AuditAction.AdminRemoved, actor, AuditText.Of("AdminRemoved", admin.UserName!, admin.Email!));
            return result;
        }
        finally
        {
            _membership.Release();
        }
    }

    /// <summary>Changes the admin's own password; the new security stamp ends all their sessions.</summary>
    public async Task<IdentityResult> ChangePasswordAsync(string adminId, string currentPassword, string newPassword, AuditActor actor)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
        var admin = await users.FindByIdAsync(adminId);
        if (admin is null)
            return Failed("Your account no longer exists.");
        var result = await users.ChangePasswordAsync(admin, currentPassword, newPassword);
        if (!result.Succeeded && result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)))
            return Failed("The current password is not right.");
        if (result.Succeeded)
            await audit.RecordAsync(AuditAction.AdminPasswordChanged, actor, AuditText.Of("AdminPasswordChanged", admin.UserName!));
        return result;
    }

    /// <summary>Replaces a one-time password after a reset. The admin proved it by signing in a
    /// moment ago, so the old one is not asked for again.</summary>
    public async Task<IdentityResult> ReplaceOneTimePasswordAsync(string adminId, string newPassword, AuditActor actor)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
        var admin = await users.FindByIdAsync(adminId);
        if (admin is null)
            return Failed("Your account no longer exists.");
        if (!admin.MustChangePassword)
            return Failed("Your password was already changed.", AlreadyChangedCode);
        if (await users.CheckPasswordAsync(admin, newPassword))
            return Failed("Choose a new password, not the one-time password.", OneTimePasswordReusedCode);
        var result = await users.ResetPasswordAsync(admin, await users.GeneratePasswordResetTokenAsync(admin), newPassword);
        if (!result.Succeeded)
            return result;
        admin.MustChangePassword = false;
        result = await users.UpdateAsync(admin);
        if (result.Succeeded)
            await audit.RecordAsync(AuditAction.AdminPasswordChanged, actor, AuditText.Of("AdminOneTimePasswordReplaced", admin.UserName!));
        return result;
    }

    /// <summary>For an admin who lost the password (and the recovery codes): a new password that
    /// works once, to be replaced at the next sign-in. Ends the admin's sessions and lifts a lockout.</summary>
    /// <param name="password">The one-time password to set, or null to have one made.</param>
    public async Task<PasswordReset> ResetPasswordAsync(string userName, string? password, AuditActor actor)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
        var admin = await users.FindByNameAsync(userName.Trim());
        if (admin is null)
            return new(Failed($"No admin is called '{userName.Trim()}'. Run `admins list` to see the names."), null);
        var oneTime = password ?? NewOneTimePassword();
        var result = await users.ResetPasswordAsync(admin, await users.GeneratePasswordResetTokenAsync(admin), oneTime);
        if (!result.Succeeded)
            return new(result, null);
        admin.MustChangePassword = true;
        admin.LockoutEnd = null;
        admin.AccessFailedCount = 0;
        result = await users.UpdateAsync(admin);
        if (!result.Succeeded)
            return new(result, null);
        await audit.RecordAsync(AuditAction.AdminPasswordReset, actor, AuditText.Of("AdminPasswordReset", admin.UserName!));
        return new(result, password is null ? oneTime : null);
    }

    /// <summary>Turns two-factor authentication off for an admin who lost the phone and the
    /// recovery codes; a new authenticator key is made and the admin's sessions end.</summary>
    public async Task<IdentityResult> ResetTwoFactorAsync(string userName, AuditActor actor)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
        var admin = await users.FindByNameAsync(userName.Trim());
        if (admin is null)
            return Failed($"No admin is called '{userName.Trim()}'. Run `admins list` to see the names.");
        var result = await users.SetTwoFactorEnabledAsync(admin, false);
        if (result.Succeeded)
            result = await users.ResetAuthenticatorKeyAsync(admin); // also a new security stamp
        if (result.Succeeded)
            await audit.RecordAsync(AuditAction.AdminTwoFactorReset, actor, AuditText.Of("AdminTwoFactorReset", admin.UserName!));
        return result;
    }

    /// <summary>Four groups of five letters and digits that cannot be mistaken for each other
    /// (about 100 bits): read off a terminal and typed once.</summary>
    private static string NewOneTimePassword()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        var groups = Enumerable.Range(0, 4).Select(_ => RandomNumberGenerator.GetString(alphabet, 5));
        return string.Join('-', groups);
    }

    /// <summary>Error codes a page words in the admin's language.</summary>
    public const string AlreadyChangedCode = "AlreadyChanged";
    public const string OneTimePasswordReusedCode = "OneTimePasswordReused";

    private static IdentityResult Failed(string message, string code = "") =>
        IdentityResult.Failed(new IdentityError { Code = code, Description = message });
}
