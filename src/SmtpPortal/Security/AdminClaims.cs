using System.Globalization;
using System.Security.Claims;

namespace SmtpPortal.Security;

/// <summary>Times the portal keeps in the sign-in cookie beside Identity's own claims. They
/// travel with the admin (cookie and circuit alike); the server keeps only the ids of sessions
/// signed out of (<see cref="EndedSessions"/>).</summary>
public static class AdminClaims
{
    /// <summary>When the admin last signed in with a password: the absolute session limit counts from here.</summary>
    public const string SessionStarted = "smtpportal:session_started";

    /// <summary>When the admin last proved who they are (sign-in or /reauth).</summary>
    public const string Reauthenticated = "smtpportal:reauthenticated";

    /// <summary>A random id per sign-in, so that signing out can end this session and only this
    /// one (<see cref="EndedSessions"/>).</summary>
    public const string SessionId = "smtpportal:session_id";

    /// <summary>Present while the admin signs in with a one-time password (see <see cref="AdminUser.MustChangePassword"/>).</summary>
    public const string MustChangePassword = "smtpportal:must_change_password";

    public static readonly string[] Carried = [SessionStarted, Reauthenticated, SessionId];

    public static Claim NewSessionId() =>
        new(SessionId, Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));

    public static Claim At(string type, DateTimeOffset time) =>
        new(type, time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64);

    public static DateTimeOffset? ReadTime(ClaimsPrincipal user, string type) =>
        long.TryParse(user.FindFirstValue(type), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    /// <summary>Copies the carried times from one principal to another (Identity builds a fresh
    /// principal whenever it re-checks the security stamp and would otherwise drop them).</summary>
    public static void CarryOver(ClaimsPrincipal from, ClaimsPrincipal to)
    {
        if (to.Identity is not ClaimsIdentity identity)
            return;
        foreach (var type in Carried)
        {
            if (identity.HasClaim(c => c.Type == type))
                continue;
            if (from.FindFirst(type) is { } claim)
                identity.AddClaim(new Claim(claim.Type, claim.Value, claim.ValueType));
        }
    }
}
