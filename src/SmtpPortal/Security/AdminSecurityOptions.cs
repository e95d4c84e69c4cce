using System.ComponentModel.DataAnnotations;

namespace SmtpPortal.Security;

/// <summary>The <c>SmtpPortal:Security</c> section: how hard the portal pushes back on guessing,
/// and how long a sign-in lasts.</summary>
public sealed class AdminSecurityOptions
{
    public const string Section = "SmtpPortal:Security";

    /// <summary>Failed passwords (or 2FA codes) in a row before the account is locked.</summary>
    [Range(1, 100)]
    public int MaxFailedSignIns { get; set; } = 5;

    [Range(1, 1440)]
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>Sign-in, 2FA and re-authentication form posts one address may make per minute.</summary>
    [Range(1, 1000)]
    public int SignInPostsPerMinute { get; set; } = 10;

    /// <summary>First-run setup form posts one address may make per minute.</summary>
    [Range(1, 1000)]
    public int SetupPostsPerMinute { get; set; } = 5;

    /// <summary>Test emails one admin may send per minute.</summary>
    [Range(1, 1000)]
    public int TestSendsPerMinute { get; set; } = 5;

    /// <summary>A session ends after this long without a request (sliding).</summary>
    [Range(1, 1440)]
    public int IdleTimeoutMinutes { get; set; } = 30;

    /// <summary>A session ends this long after sign-in, however active the admin is.</summary>
    [Range(1, 168)]
    public int AbsoluteSessionHours { get; set; } = 8;

    /// <summary>How long a re-entered password or 2FA code unlocks secret-revealing actions.</summary>
    [Range(1, 60)]
    public int ReauthenticationMinutes { get; set; } = 5;

    public TimeSpan IdleTimeout => TimeSpan.FromMinutes(IdleTimeoutMinutes);
    public TimeSpan AbsoluteSessionLimit => TimeSpan.FromHours(AbsoluteSessionHours);
    public TimeSpan ReauthenticationWindow => TimeSpan.FromMinutes(ReauthenticationMinutes);
}
