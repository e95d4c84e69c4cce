using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.StaticAssets;

namespace SmtpPortal.Security;

/// <summary>Cookie events of the admin sign-in: stamps the session's start at sign-in and ends
/// it at the absolute limit or once it was signed out of, before Identity checks the security stamp (which ends every session
/// of an admin whose password changed, who signed out everywhere or who was removed).</summary>
public sealed class AdminSessionEvents(AdminSessionPolicy policy, EndedSessions ended) : CookieAuthenticationEvents
{
    public override Task SigningIn(CookieSigningInContext context)
    {
        // A fresh sign-in (password, 2FA, setup) proves identity now; a renewal carries its times.
        if (context.Principal is { } user && user.FindFirst(AdminClaims.SessionStarted) is null
            && user.Identity is System.Security.Claims.ClaimsIdentity identity)
        {
            identity.AddClaim(AdminClaims.At(AdminClaims.SessionStarted, policy.Now));
            identity.AddClaim(AdminClaims.At(AdminClaims.Reauthenticated, policy.Now));
            identity.AddClaim(AdminClaims.NewSessionId());
        }
        return Task.CompletedTask;
    }

    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        // A static file (css, js, icon) holds no admin data. Checking the stamp there cost a
        // database query per file and renewed the cookie, and the renewal's no-cache headers
        // stopped browsers caching MudBlazor's css and js (found by bench/, figure 6c).
        if (context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<StaticAssetDescriptor>() is not null)
            return;
        if (context.Principal is null || policy.HasEnded(context.Principal)
            || await ended.HasEndedAsync(context.Principal, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }
        // The check gets a scope of its own, disposed when it is done: a circuit's WebSocket is one
        // request that lasts as long as the tab, and a check in that request's services kept a
        // DbContext, Identity's managers and the tracked admin alive per circuit (bench/, figure 3a).
        await using var scope = context.HttpContext.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ISecurityStampValidator>().ValidateAsync(context);
    }
}
