using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using SmtpPortal.History;

namespace SmtpPortal.Security;

/// <summary>
/// Every way an admin proves who they are — password, 2FA code, re-authentication — with the
/// rules that go with it: the same hashing work and the same answer whether or not the name
/// exists or the account is locked (so neither timing nor wording tells an attacker which names
/// are admins), and a History entry for each sign-in, failure and lockout with the address.
/// Also re-issues the cookie of an admin who is already signed in, keeping the session's start
/// and id so that the absolute limit still counts from the first sign-in.
/// </summary>
public sealed class AdminSignIns(
    SignInManager<AdminUser> signIn, AdminSessionPolicy policy, AuditLog audit, IStringLocalizer<AdminSignIns> L)
{
    // A real hash of a random password, verified when there is no real one to verify, so that
    // an unknown name or a locked account costs what a wrong password costs (PBKDF2 dominates).
    private static string? s_decoyHash;

    private UserManager<AdminUser> Users => signIn.UserManager;

    /// <summary>The one message for every failed password sign-in: wrong name, wrong password and
    /// a locked account read the same.</summary>
    public string FailureMessage => L["Failed", policy.Options.MaxFailedSignIns, policy.Options.LockoutMinutes];

    public async Task<Microsoft.AspNetCore.Identity.SignInResult> PasswordSignInAsync(string name, string password)
    {
        var trimmed = name.Trim();
        var admin = await Users.FindByNameAsync(trimmed) ?? await Users.FindByEmailAsync(trimmed);
        if (admin is null)
        {
            SpendHashingWork(password);
            // The typed name is not recorded: it may be a password typed into the wrong field.
            await audit.RecordAsync(AuditAction.AdminSignInFailed, Actor(null), AuditText.Of("SignInUnknownName"));
            return Microsoft.AspNetCore.Identity.SignInResult.Failed;
        }
        if (await Users.IsLockedOutAsync(admin))
        {
            SpendHashingWork(password);
            await audit.RecordAsync(AuditAction.AdminSignInFailed, Actor(admin), AuditText.Of("SignInWhileLocked"));
            return Microsoft.AspNetCore.Identity.SignInResult.LockedOut;
        }
        var result = await signIn.PasswordSignInAsync(admin, password, isPersistent: false, lockoutOnFailure: true);
        await RecordAsync(admin, result, AuditText.Of("WithPassword"));
        return result;
    }

    /// <summary>The second step: an authenticator code or a recovery code.</summary>
    public async Task<Microsoft.AspNetCore.Identity.SignInResult> TwoFactorSignInAsync(AdminUser admin, string typed)
    {
        var code = TwoFactorCode.Normalize(typed);
        var result = TwoFactorCode.LooksLikeAuthenticatorCode(code)
            ? await signIn.TwoFactorAuthenticatorSignInAsync(TwoFactorCode.Digits(code), isPersistent: false, rememberClient: false)
            : await signIn.TwoFactorRecoveryCodeSignInAsync(code.ToUpperInvariant());
        await RecordAsync(admin, result, AuditText.Of("WithTwoFactorCode"));
        return result;
    }

    /// <summary>"Confirm it's you": the password, or with 2FA on also a code from the app. Wrong
    /// answers count toward the same lockout as sign-in.</summary>
    public async Task<bool> ReauthenticateAsync(AdminUser admin, ClaimsPrincipal current, string secret)
    {
        var code = TwoFactorCode.Normalize(secret);
        bool right;
        if (await Users.GetTwoFactorEnabledAsync(admin) && TwoFactorCode.LooksLikeAuthenticatorCode(code))
        {
            if (await Users.IsLockedOutAsync(admin))
                right = false;
            else if (await Users.VerifyTwoFactorTokenAsync(admin, Users.Options.Tokens.AuthenticatorTokenProvider, TwoFactorCode.Digits(code)))
            {
                await Users.ResetAccessFailedCountAsync(admin);
                right = true;
            }
            else
            {
                await Users.AccessFailedAsync(admin);
                right = false;
            }
        }
        else
        {
            right = (await signIn.CheckPasswordSignInAsync(admin, secret, lockoutOnFailure: true)).Succeeded;
        }
        if (right)
        {
            await RenewAsync(admin, current, reauthenticated: true);
            return true;
        }
        await audit.RecordAsync(
            await Users.IsLockedOutAsync(admin) ? AuditAction.AdminLockedOut : AuditAction.AdminSignInFailed,
            Actor(admin), AuditText.Of("ReauthenticationFailed"));
        return false;
    }

    public async Task RenewAsync(AdminUser admin, ClaimsPrincipal current, bool reauthenticated)
    {
        var claims = new List<Claim>();
        foreach (var carried in new[] { AdminClaims.SessionStarted, AdminClaims.SessionId })
        {
            if (current.FindFirst(carried) is { } claim)
                claims.Add(new Claim(claim.Type, claim.Value, claim.ValueType));
        }
        claims.Add(reauthenticated
            ? AdminClaims.At(AdminClaims.Reauthenticated, policy.Now)
            : current.FindFirst(AdminClaims.Reauthenticated) ?? AdminClaims.At(AdminClaims.Reauthenticated, DateTimeOffset.UnixEpoch));
        if (current.FindFirst("amr") is { } amr)
            claims.Add(new Claim(amr.Type, amr.Value));
        await signIn.SignInWithClaimsAsync(admin, new AuthenticationProperties { IsPersistent = false }, claims);
    }

    private async Task RecordAsync(AdminUser admin, Microsoft.AspNetCore.Identity.SignInResult result, AuditText with)
    {
        if (result.RequiresTwoFactor)
            return; // the password was right; the second step records the outcome
        var (action, details) = result switch
        {
            { Succeeded: true } => (AuditAction.AdminSignedIn, AuditText.Of("SignedInWith", with)),
            { IsLockedOut: true } => (AuditAction.AdminLockedOut, AuditText.Of("LockedOutAfter", with,
                admin.LockoutEnd is { } end ? AuditText.At(end) : AuditText.Of("Empty"),
                policy.Options.MaxFailedSignIns.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            _ => (AuditAction.AdminSignInFailed, AuditText.Of("WrongWith", with)),
        };
        await audit.RecordAsync(action, Actor(admin), details);
    }

    private void SpendHashingWork(string password)
    {
        var decoy = new AdminUser();
        s_decoyHash ??= Users.PasswordHasher.HashPassword(decoy, Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));
        _ = Users.PasswordHasher.VerifyHashedPassword(decoy, s_decoyHash, password);
    }

    private AuditActor Actor(AdminUser? admin) =>
        new(admin?.UserName ?? AuditActor.Unknown.Name, signIn.Context.Connection.RemoteIpAddress?.ToString());
}
