namespace SmtpPortal.Smtp;

/// <summary>SmtpPortal's own words for a security mode outside the UI: the command line, the API,
/// the generic .env and the JSON export all use these three.</summary>
public static class SecurityModeNames
{
    public const string Ssl = "ssl";
    public const string StartTls = "starttls";
    public const string None = "none";

    public static IReadOnlyList<string> All { get; } = [Ssl, StartTls, None];

    public static string ToName(this SecurityMode mode) => mode switch
    {
        SecurityMode.SslOnConnect => Ssl,
        SecurityMode.StartTls => StartTls,
        SecurityMode.None => None,
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    public static bool TryParse(string? name, out SecurityMode mode)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case Ssl or "tls" or "implicit":
                mode = SecurityMode.SslOnConnect;
                return true;
            case StartTls:
                mode = SecurityMode.StartTls;
                return true;
            case None or "plain":
                mode = SecurityMode.None;
                return true;
            default:
                mode = default;
                return false;
        }
    }
}
