namespace SmtpPortal.Settings;

/// <summary>How old the stored password is, in words, and whether it is due for rotation.</summary>
public static class CredentialAge
{
    public static string Describe(DateTimeOffset setAt, DateTimeOffset now)
    {
        var days = (int)Math.Floor((now - setAt).TotalDays);
        var age = days switch
        {
            < 1 => "today",
            1 => "1 day ago",
            _ => $"{days} days ago",
        };
        return $"set {age} ({setAt.ToLocalTime():yyyy-MM-dd})";
    }

    public static bool IsOld(DateTimeOffset setAt, DateTimeOffset now, int maxAgeDays) =>
        now - setAt > TimeSpan.FromDays(maxAgeDays);
}
