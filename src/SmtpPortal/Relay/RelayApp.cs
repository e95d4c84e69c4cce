namespace SmtpPortal.Relay;

/// <summary>One app's login to the relay: its own user name and secret (only the SHA-256 of the
/// secret is kept, like API tokens), and the senders it may use.</summary>
public sealed class RelayApp
{
    public int Id { get; set; }
    public string Name { get; set; } = "";

    /// <summary>What the app types as its SMTP user name; unique for ever, revoked ones included.</summary>
    public string UserName { get; set; } = "";

    /// <summary>Lowercase hex SHA-256 of the secret.</summary>
    public string SecretHash { get; set; } = "";

    /// <summary>Addresses and whole domains (<c>@example.com</c>), one per line.</summary>
    public string AllowedSenders { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    public bool IsActive => RevokedAt is null;

    public SenderList Senders => SenderList.Parse(AllowedSenders).List!;
}
