namespace SmtpPortal.OAuth;

/// <summary>The one OAuth2 sign-in the server's mail uses: which app (client), for which account,
/// and the refresh token that keeps it going. Secrets are Data Protection ciphertext only.</summary>
public sealed class OAuthGrant
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    /// <summary>The preset it was signed in for; the token is only ever sent to its hosts.</summary>
    public string PresetId { get; set; } = "";

    /// <summary>The mailbox it was obtained for: the XOAUTH2 user name.</summary>
    public string Account { get; set; } = "";
    public string? Tenant { get; set; }
    public string ClientId { get; set; } = "";
    public string? ProtectedClientSecret { get; set; }
    public string ProtectedRefreshToken { get; set; } = "";
    public DateTimeOffset SignedInAt { get; set; }

    /// <summary>New with every sign-in, so that an access token cached for an earlier sign-in
    /// (or a rotated refresh token arriving late) is never mixed up with this one.</summary>
    public Guid SignInId { get; set; }
}

/// <summary>What the UI may know of a sign-in: never a token or secret.</summary>
public sealed record OAuthGrantSummary(string PresetId, string Account, string? Tenant, string ClientId, DateTimeOffset SignedInAt);
