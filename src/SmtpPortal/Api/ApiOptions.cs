using System.ComponentModel.DataAnnotations;

namespace SmtpPortal.Api;

/// <summary>The <c>SmtpPortal:Api</c> section of appsettings.json.</summary>
public sealed class ApiOptions
{
    public const string Section = "SmtpPortal:Api";

    /// <summary>Requests one token (or, before authentication, one address) may make per window.</summary>
    [Range(1, 100_000)]
    public int RequestLimit { get; set; } = 60;

    [Range(1, 86_400)]
    public int RequestWindowSeconds { get; set; } = 60;
}
