using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using SmtpPortal.Localization;

namespace SmtpPortal.Security;

/// <summary>ASP.NET Core Identity's error messages (user name taken, password too short…) in the
/// UI language, for the errors the portal's account forms can meet.</summary>
public sealed class LocalizedIdentityErrors : IdentityErrorDescriber
{
    private static readonly IStringLocalizer L = StaticLocalizer.For(typeof(LocalizedIdentityErrors));

    public override IdentityError DefaultError() => Error(nameof(DefaultError));
    public override IdentityError ConcurrencyFailure() => Error(nameof(ConcurrencyFailure));
    public override IdentityError PasswordMismatch() => Error(nameof(PasswordMismatch));
    public override IdentityError InvalidToken() => Error(nameof(InvalidToken));
    public override IdentityError RecoveryCodeRedemptionFailed() => Error(nameof(RecoveryCodeRedemptionFailed));
    public override IdentityError InvalidUserName(string? userName) => Error(nameof(InvalidUserName), userName);
    public override IdentityError InvalidEmail(string? email) => Error(nameof(InvalidEmail), email);
    public override IdentityError DuplicateUserName(string userName) => Error(nameof(DuplicateUserName), userName);
    public override IdentityError DuplicateEmail(string email) => Error(nameof(DuplicateEmail), email);
    public override IdentityError PasswordTooShort(int length) => Error(nameof(PasswordTooShort), length);
    public override IdentityError UserLockoutNotEnabled() => Error(nameof(UserLockoutNotEnabled));

    private static IdentityError Error(string code, params object?[] arguments) =>
        new() { Code = code, Description = L[code, arguments!] };
}
