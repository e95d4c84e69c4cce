namespace SmtpPortal.Smtp.Diagnostics;

/// <summary>SMTP lets anyone write any From; big providers reject or rewrite a From outside the
/// logged-in account. This warns before sending instead of after the bounce.</summary>
public static class FromAddressCheck
{
    public static string? Warn(string presetId, string? username, string fromAddress)
    {
        if (!ProviderAdvice.FromMustMatchAccount.Contains(presetId) || username is null)
            return null;
        var accountDomain = DomainOf(username);
        var fromDomain = DomainOf(fromAddress);
        if (accountDomain is null || fromDomain is null || string.Equals(accountDomain, fromDomain, StringComparison.OrdinalIgnoreCase))
            return null;
        return Localization.StaticLocalizer.For(typeof(FromAddressCheck))["FromOutsideAccount", fromDomain, accountDomain];
    }

    private static string? DomainOf(string address)
    {
        var at = address.LastIndexOf('@');
        return at < 0 || at == address.Length - 1 ? null : address[(at + 1)..].Trim().TrimEnd('.');
    }
}
