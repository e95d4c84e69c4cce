using SmtpPortal.Providers;
using SmtpPortal.Settings;
using SmtpPortal.Smtp.Diagnostics;

namespace SmtpPortal.Relay;

/// <summary>Allowed senders that the configured provider will refuse or rewrite: the providers
/// the test panel's From check knows (<see cref="ProviderAdvice.FromMustMatchAccount"/>) send only
/// as the account's own address or an alias verified with it. A warning, not a refusal: the
/// admin may have verified the alias.</summary>
public static class SenderWarnings
{
    public static IReadOnlyList<RelayProblem> For(SenderList senders, SmtpSettings? settings, ProviderCatalog catalog)
    {
        if (settings?.Username is not { } account || !ProviderAdvice.FromMustMatchAccount.Contains(settings.PresetId))
            return [];
        var provider = catalog.FindOrCustom(settings.PresetId).Name;
        return [.. senders.Entries
            .Where(entry => !string.Equals(entry, account, StringComparison.OrdinalIgnoreCase))
            .Select(entry => new RelayProblem(entry.StartsWith('@') ? "SenderDomainNotAccount" : "SenderNotAccount", entry, provider, account))];
    }
}
