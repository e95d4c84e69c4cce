namespace SmtpPortal.Cli;

/// <summary>What a script can rely on (documented in the README).</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>A test failed (test email, connection check, or the test of new settings before
    /// saving them, which then stored nothing); the diagnosis is printed.</summary>
    public const int TestFailed = 1;

    /// <summary>Unknown command or option, missing or malformed argument.</summary>
    public const int Usage = 2;

    /// <summary>The settings or recipient were refused; nothing was stored.</summary>
    public const int Invalid = 3;

    /// <summary>No settings saved yet, or the stored password can't be decrypted.</summary>
    public const int NotConfigured = 4;

    /// <summary>Someone else saved the settings at the same moment; run the command again.</summary>
    public const int Conflict = 5;

    /// <summary>Bad configuration (appsettings.json) or an unexpected failure.</summary>
    public const int Error = 6;

    /// <summary>The per-minute cap on tests was reached (shared with the account's earlier runs); wait a minute.</summary>
    public const int RateLimited = 7;
}
