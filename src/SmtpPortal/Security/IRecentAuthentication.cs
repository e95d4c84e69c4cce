using System.Security.Claims;

namespace SmtpPortal.Security;

/// <summary>Whether an admin proved their identity again a moment ago (typed the password once
/// more). Secrets leave the portal only after that.</summary>
public interface IRecentAuthentication
{
    bool IsRecent(ClaimsPrincipal admin);
}

/// <summary>The safe default until re-authentication exists: nobody counts as recently
/// re-authenticated, so every export made in the UI carries the placeholder.</summary>
public sealed class NoRecentAuthentication : IRecentAuthentication
{
    public bool IsRecent(ClaimsPrincipal admin) => false;
}
