using Microsoft.Extensions.Localization;
using SmtpPortal.Localization;

namespace SmtpPortal.Components.Pages.Account;

/// <summary>The validation messages of the account forms (sign-in, setup, two-factor, Admins).
/// DataAnnotations reads a localized message from a static property (ErrorMessageResourceType +
/// ErrorMessageResourceName); each property here looks its own name up in the UI language.</summary>
public static class AccountValidation
{
    private static readonly IStringLocalizer L = StaticLocalizer.For(typeof(AccountValidation));

    public static string EnterSetupToken => L[nameof(EnterSetupToken)];
    public static string ChooseUserName => L[nameof(ChooseUserName)];
    public static string AtMost64 => L[nameof(AtMost64)];
    public static string UserNameCharacters => L[nameof(UserNameCharacters)];
    public static string EnterYourEmail => L[nameof(EnterYourEmail)];
    public static string EmailForm => L[nameof(EmailForm)];
    public static string ChoosePassword => L[nameof(ChoosePassword)];
    public static string AtLeast12 => L[nameof(AtLeast12)];
    public static string PasswordsDiffer => L[nameof(PasswordsDiffer)];
    public static string EnterPassword => L[nameof(EnterPassword)];
    public static string EnterUserNameOrEmail => L[nameof(EnterUserNameOrEmail)];
    public static string EnterCode => L[nameof(EnterCode)];
    public static string CodeTooLong => L[nameof(CodeTooLong)];
    public static string EnterSixDigitCode => L[nameof(EnterSixDigitCode)];
    public static string EnterCurrentPassword => L[nameof(EnterCurrentPassword)];
    public static string ChooseNewPassword => L[nameof(ChooseNewPassword)];
    public static string EnterTheirEmail => L[nameof(EnterTheirEmail)];
    public static string ChooseFirstPassword => L[nameof(ChooseFirstPassword)];
}
