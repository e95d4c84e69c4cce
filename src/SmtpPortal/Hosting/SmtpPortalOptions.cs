using System.ComponentModel.DataAnnotations;

namespace SmtpPortal.Hosting;

/// <summary>The <c>SmtpPortal</c> section of appsettings.json.</summary>
public sealed class SmtpPortalOptions
{
    public const string Section = "SmtpPortal";

    /// <summary>Holds the database, the key ring and the first-run token. Relative paths are
    /// resolved against the app's content root.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DataDirectory { get; set; } = "data";

    /// <summary>The whole test send — connect, TLS, login, message — must end within this.</summary>
    [Range(1, 600)]
    public int SendTimeoutSeconds { get; set; } = 30;

    public TimeSpan SendTimeout => TimeSpan.FromSeconds(SendTimeoutSeconds);

    /// <summary>A password older than this is highlighted on the Dashboard as due for rotation.</summary>
    [Range(1, 3650)]
    public int PasswordMaxAgeDays { get; set; } = 180;

}
