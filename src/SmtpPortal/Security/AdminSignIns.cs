using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace SmtpPortal.Security;

/// <summary>Re-issues the sign-in cookie of an admin who is already signed in — after
/// re-authentication, or after a change that rotated their security stamp (2FA on/off) —
/// keeping the session's start so the absolute limit still counts from the first sign-in.</summary>
public sealed class AdminSignIns(SignInManager<AdminUser> signIn, AdminSessionPolicy policy)
{
    public async Task RenewAsync(AdminUser admin, ClaimsPrincipal current, bool reauthenticated)
    {
        var claims = new List<Claim>();
        if (current.FindFirst(AdminClaims.SessionStarted) is { } started)
            claims.Add(new Claim(started.Type, started.Value, started.ValueType));
        claims.Add(reauthenticated
            ? AdminClaims.At(AdminClaims.Reauthenticated, policy.Now)
            : current.FindFirst(AdminClaims.Reauthenticated) ?? AdminClaims.At(AdminClaims.Reauthenticated, DateTimeOffset.UnixEpoch));
        if (current.FindFirst("amr") is { } amr)
            claims.Add(new Claim(amr.Type, amr.Value));
        await signIn.SignInWithClaimsAsync(admin, new AuthenticationProperties { IsPersistent = false }, claims);
    }
}
