using Microsoft.AspNetCore.Authorization;

namespace SmtpPortal.Security;

/// <summary>
/// The authorization policy in front of everything that reveals or exports a secret, changes an
/// admin password or downloads a backup. Use it as
/// <c>[Authorize(Policy = RecentReauthentication.Policy)]</c> on a page or
/// <c>.RequireAuthorization(RecentReauthentication.Policy)</c> on an endpoint: an admin who has
/// not re-entered a password or 2FA code within the window is sent to /reauth and comes back.
/// Inside a running circuit, check <see cref="AdminSessionPolicy.IsRecentlyReauthenticated"/>
/// again right before the action (the window may close while the page is open).
/// </summary>
public static class RecentReauthentication
{
    public const string Policy = "RecentlyReauthenticated";
    public const string PagePath = "/reauth";

    public static AuthorizationBuilder AddRecentReauthenticationPolicy(this AuthorizationBuilder builder) =>
        builder.AddPolicy(Policy, policy => policy
            .RequireAuthenticatedUser()
            .AddRequirements(new Requirement()));

    public sealed class Requirement : IAuthorizationRequirement;

    public sealed class Handler(AdminSessionPolicy sessions) : AuthorizationHandler<Requirement>
    {
        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, Requirement requirement)
        {
            if (sessions.IsRecentlyReauthenticated(context.User))
                context.Succeed(requirement);
            return Task.CompletedTask;
        }
    }
}
