using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SmtpPortal.Localization;

namespace SmtpPortal.Security;

/// <summary>One admin as the Admins page lists it.</summary>
public sealed record AdminSummary(string Id, string UserName, string Email, bool TwoFactorEnabled);

/// <summary>Adds, removes and re-passwords admins. Each operation uses its own scope (and so its
/// own DbContext): the Admins page lives in a long-running circuit.</summary>
public sealed class AdminAccounts(IServiceScopeFactory scopeFactory)
{
    private static readonly IStringLocalizer L = StaticLocalizer.For(typeof(AdminAccounts));

    // Two admins removing each other at once must not leave none.
    private readonly SemaphoreSlim _membership = new(1, 1);

    public async Task<IReadOnlyList<AdminSummary>> ListAsync(CancellationToken ct = default)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
        var admins = await users.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(ct);
        return admins.Select(a => new AdminSummary(a.Id, a.UserName ?? "", a.Email ?? "", a.TwoFactorEnabled)).ToList();
    }

    /// <summary>The new admin signs in with this password and should change it on the Admins page.</summary>
    public async Task<IdentityResult> AddAsync(string userName, string email, string password)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
        var admin = new AdminUser { UserName = userName.Trim(), Email = email.Trim(), EmailConfirmed = true };
        return await users.CreateAsync(admin, password);
    }

    /// <summary>Removes another admin; their sessions end at their next request or circuit check.</summary>
    public async Task<IdentityResult> RemoveAsync(string adminId, string currentAdminId)
    {
        if (adminId == currentAdminId)
            return Failed(L["CannotRemoveYourself"]);

        await _membership.WaitAsync();
        try
        {
            await using var scope = scopeFactory.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
            if (await users.Users.CountAsync() <= 1)
                return Failed(L["OneMustRemain"]);
            var admin = await users.FindByIdAsync(adminId);
            return admin is null
                ? Failed(L["AdminGone"])
                : await users.DeleteAsync(admin);
        }
        finally
        {
            _membership.Release();
        }
    }

    /// <summary>Changes the admin's own password; the new security stamp ends all their sessions.</summary>
    public async Task<IdentityResult> ChangePasswordAsync(string adminId, string currentPassword, string newPassword)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
        var admin = await users.FindByIdAsync(adminId);
        if (admin is null)
            return Failed(L["AccountGone"]);
        var result = await users.ChangePasswordAsync(admin, currentPassword, newPassword);
        if (!result.Succeeded && result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)))
            return Failed(L["CurrentPasswordWrong"]);
        return result;
    }

    private static IdentityResult Failed(string message) =>
        IdentityResult.Failed(new IdentityError { Description = message });
}
