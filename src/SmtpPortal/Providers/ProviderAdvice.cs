using System.Text.Json;

namespace SmtpPortal.Providers;

/// <summary>What SmtpPortal knows about a provider beyond the generic advice, as bilingual data
/// (Providers/provider-advice.json, embedded in the program) keyed by preset id, so a new
/// provider only adds data. Advice for a status code (Microsoft's 5.7.139) applies to any preset.</summary>
public sealed class ProviderAdvice
{
    private readonly IReadOnlyDictionary<string, PresetAdvice> _presets;
    private readonly IReadOnlyDictionary<string, LocalizedText> _enhancedStatus;

    public ProviderAdvice(IReadOnlyDictionary<string, PresetAdvice> presets, IReadOnlyDictionary<string, LocalizedText> enhancedStatus)
    {
        _presets = new Dictionary<string, PresetAdvice>(presets, StringComparer.OrdinalIgnoreCase);
        _enhancedStatus = enhancedStatus;
    }

    /// <summary>The preset ids the file has advice for (a test checks each against the catalog).</summary>
    public IEnumerable<string> PresetIds => _presets.Keys;

    public PresetAdvice For(string presetId) => _presets.GetValueOrDefault(presetId) ?? PresetAdvice.None;

    /// <summary>Advice for an RFC 3463 status such as "5.7.139", whatever the preset.</summary>
    public LocalizedText? ForStatus(string? enhancedStatus) =>
        enhancedStatus is null ? null : _enhancedStatus.GetValueOrDefault(enhancedStatus);

    public static ProviderAdvice LoadShipped()
    {
        using var stream = typeof(ProviderAdvice).Assembly.GetManifestResourceStream("SmtpPortal.Providers.provider-advice.json")
            ?? throw new InvalidOperationException("provider-advice.json is not embedded in the program.");
        var file = JsonSerializer.Deserialize<AdviceFile>(stream, ProviderCatalog.JsonOptions)
            ?? throw new InvalidOperationException("provider-advice.json is empty.");
        return new ProviderAdvice(file.Presets, file.EnhancedStatus);
    }

    private sealed record AdviceFile(
        Dictionary<string, PresetAdvice> Presets, Dictionary<string, LocalizedText> EnhancedStatus);
}

/// <summary>One provider's advice: the secret it wants when a login is refused, whose From
/// addresses it accepts, which recipients, and whether a From outside the account is refused.</summary>
public sealed record PresetAdvice(
    LocalizedText? Login = null, LocalizedText? Sender = null, LocalizedText? Recipient = null, bool FromMustMatchAccount = false)
{
    public static PresetAdvice None { get; } = new();
}
