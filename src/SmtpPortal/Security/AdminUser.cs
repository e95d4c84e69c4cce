using Microsoft.AspNetCore.Identity;

namespace SmtpPortal.Security;

/// <summary>A person allowed to manage the server's mail settings.</summary>
public sealed class AdminUser : IdentityUser;
