namespace SmtpPortal.Settings;

/// <summary>Whether the stored password is due for rotation (its age in words: the Dashboard's SignInFacts, the credential panel).</summary>
public static class CredentialAge
{
    public static bool IsOld(DateTimeOffset setAt, DateTimeOffset now, int maxAgeDays) =>
        now - setAt > TimeSpan.FromDays(maxAgeDays);
}
