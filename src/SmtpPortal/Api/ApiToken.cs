namespace SmtpPortal.Api;

/// <summary>A token that lets a script use the HTTP API. Only the SHA-256 of the token is kept:
/// the token itself is shown once, when it is created.</summary>
public sealed class ApiToken
{
    public int Id { get; set; }
    public string Name { get; set; } = "";

    /// <summary>Lowercase hex SHA-256 of the whole token string.</summary>
    public string TokenHash { get; set; } = "";

    /// <summary>The token's first characters, so an admin can tell tokens apart in the list.</summary>
    public string Prefix { get; set; } = "";
    public ApiScopes Scopes { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }

    public bool IsActive(DateTimeOffset now) => RevokedAt is null && ExpiresAt > now;
}
