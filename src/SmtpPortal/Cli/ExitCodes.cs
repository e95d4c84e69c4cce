namespace SmtpPortal.Cli;

/// <summary>What a script can rely on (documented in the README).</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The test email was not accepted (the reason is printed).</summary>
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
}
