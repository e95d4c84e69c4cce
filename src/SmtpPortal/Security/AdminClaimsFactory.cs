using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace SmtpPortal.Security;

/// <summary>Identity's principal plus what the portal must know on every request without another
/// query: whether the admin still has to replace a one-time password. The principal is rebuilt
/// whenever the security stamp is checked (every request), so the claim follows the database.</summary>
public sealed class AdminClaimsFactory(UserManager<AdminUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AdminUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AdminUser admin)
    {
        var identity = await base.GenerateClaimsAsync(admin);
        if (admin.MustChangePassword)
            identity.AddClaim(new Claim(AdminClaims.MustChangePassword, "true"));
        return identity;
    }
}
