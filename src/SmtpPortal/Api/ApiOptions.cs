using System.ComponentModel.DataAnnotations;

namespace SmtpPortal.Api;

/// <summary>The <c>SmtpPortal:Api</c> section of appsettings.json.</summary>
public sealed class ApiOptions
{
    public const string Section = "SmtpPortal:Api";

    /// <summary>Requests one token may make per window; requests without a valid token (guesses)
    /// have an allowance of the same size per address, counted apart.</summary>
    [Range(1, 100_000)]
    public int RequestLimit { get; set; } = 60;

    [Range(1, 86_400)]
    public int RequestWindowSeconds { get; set; } = 60;
}
