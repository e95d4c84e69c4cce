using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace SmtpPortal.Security;

/// <summary>
/// A Blazor circuit keeps the principal it started with, long after the cookie behind it may
/// have died. Every <see cref="RevalidationInterval"/> this provider asks whether the session
/// still stands — not signed out of, the admin still exists with the same security stamp, the absolute limit has
/// not passed, the circuit has not been idle too long — and if not, the circuit's user becomes
/// anonymous and the router sends the page to sign-in.
/// </summary>
public sealed class AdminAuthenticationStateProvider(
    ILoggerFactory loggerFactory,
    IServiceScopeFactory scopeFactory,
    IOptions<IdentityOptions> identityOptions,
    AdminSessionPolicy sessions,
    EndedSessions ended,
    CircuitActivity activity)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(
        AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        try
        {
            return await IsSessionValidAsync(authenticationState.User);
        }
        catch (ObjectDisposedException)
        {
            // The portal is stopping and its services are gone: the circuit ends with it, and a
            // revalidation that cannot run is not an error worth a "fail" line in the log.
            return false;
        }
    }

    internal async Task<bool> IsSessionValidAsync(ClaimsPrincipal user)
    {
        if (sessions.HasEnded(user) || sessions.Now - activity.LastActivity >= sessions.Options.IdleTimeout
            || await ended.HasEndedAsync(user))
            return false;

        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
        var admin = await users.GetUserAsync(user);
        if (admin is null)
            return false;
        if (!users.SupportsUserSecurityStamp)
            return true;
        var stampInCookie = user.FindFirstValue(identityOptions.Value.ClaimsIdentity.SecurityStampClaimType);
        return stampInCookie == await users.GetSecurityStampAsync(admin);
    }
}
