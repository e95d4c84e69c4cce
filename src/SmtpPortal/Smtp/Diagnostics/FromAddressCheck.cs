using Microsoft.Extensions.Localization;
using SmtpPortal.Providers;

namespace SmtpPortal.Smtp.Diagnostics;

/// <summary>SMTP lets anyone write any From; big providers reject or rewrite a From outside the
/// logged-in account. This warns when the settings are saved (page, API, command line alike)
/// and above the test panel, instead of after the bounce.</summary>
public sealed class FromAddressCheck(ProviderAdvice advice, IStringLocalizer<FromAddressCheck> text)
{
    public string? Warn(string presetId, string? username, string? fromAddress)
    {
        if (!advice.For(presetId).FromMustMatchAccount || username is null || fromAddress is null)
            return null;
        var accountDomain = DomainOf(username);
        var fromDomain = DomainOf(fromAddress);
        if (accountDomain is null || fromDomain is null || string.Equals(accountDomain, fromDomain, StringComparison.OrdinalIgnoreCase))
            return null;
        return text["FromOutsideAccount", fromDomain, accountDomain];
    }

    private static string? DomainOf(string address)
    {
        var at = address.LastIndexOf('@');
        return at < 0 || at == address.Length - 1 ? null : address[(at + 1)..].Trim().TrimEnd('.');
    }
}
