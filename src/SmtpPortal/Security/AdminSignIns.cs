using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace SmtpPortal.Security;

/// <summary>Re-issues the sign-in cookie of an admin who is already signed in — after
/// re-authentication, or after a change that rotated their security stamp (2FA on/off) —
/// keeping the session's start and id so the absolute limit still counts from the first sign-in.</summary>
public sealed class AdminSignIns(SignInManager<AdminUser> signIn, AdminSessionPolicy policy)
{
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
}
