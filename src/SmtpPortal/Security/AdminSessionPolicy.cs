using System.Security.Claims;
using Microsoft.Extensions.Options;

namespace SmtpPortal.Security;

/// <summary>The two clocks of an admin session: the absolute limit from sign-in and the short
/// window after a re-entered password in which secrets may be revealed or exported.</summary>
public sealed class AdminSessionPolicy(IOptions<AdminSecurityOptions> options, TimeProvider time) : IRecentAuthentication
{
    public AdminSecurityOptions Options => options.Value;

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>A session without a start time or an id was not made by this portal's sign-in: it has ended.</summary>
    public bool HasEnded(ClaimsPrincipal user) =>
        AdminClaims.ReadTime(user, AdminClaims.SessionStarted) is not { } started
        || user.FindFirst(AdminClaims.SessionId) is null
        || Now - started >= Options.AbsoluteSessionLimit;

    public bool IsRecentlyReauthenticated(ClaimsPrincipal user)
    {
        if (AdminClaims.ReadTime(user, AdminClaims.Reauthenticated) is not { } at)
            return false;
        var age = Now - at;
        // A time in the future (beyond clock rounding) is not believed.
        return age < Options.ReauthenticationWindow && age > TimeSpan.FromSeconds(-5);
    }

    bool IRecentAuthentication.IsRecent(ClaimsPrincipal admin) => IsRecentlyReauthenticated(admin);
}
