using Microsoft.AspNetCore.Identity;

namespace SmtpPortal.Security;

/// <summary>A person allowed to manage the server's mail settings.</summary>
public sealed class AdminUser : IdentityUser
{
    /// <summary>Set when the password was reset from the command line: the admin signs in with the
    /// one-time password and must choose their own before any other page opens.</summary>
    public bool MustChangePassword { get; set; }
}
