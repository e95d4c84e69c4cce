using SmtpPortal.Providers;
using SmtpPortal.Settings;

namespace SmtpPortal.Relay;

/// <summary>Allowed senders that the configured provider will refuse or rewrite: the providers
/// the test panel's From check knows (<see cref="PresetAdvice.FromMustMatchAccount"/>, Providers/provider-advice.json) send only
/// as the account's own address or an alias verified with it. A warning, not a refusal: the
/// admin may have verified the alias.</summary>
public static class SenderWarnings
{
    public static IReadOnlyList<RelayProblem> For(SenderList senders, SmtpSettings? settings, ProviderCatalog catalog, ProviderAdvice advice)
    {
        if (settings?.Username is not { } account || !advice.For(settings.PresetId).FromMustMatchAccount)
            return [];
        var provider = catalog.FindOrCustom(settings.PresetId).Name;
        return [.. senders.Entries
            .Where(entry => !string.Equals(entry, account, StringComparison.OrdinalIgnoreCase))
            .Select(entry => new RelayProblem(entry.StartsWith('@') ? "SenderDomainNotAccount" : "SenderNotAccount", entry, provider, account))];
    }
}
