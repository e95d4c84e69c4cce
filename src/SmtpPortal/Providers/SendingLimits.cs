using System.Text.Json;

namespace SmtpPortal.Providers;

/// <summary>What a provider publishes about how much one account may send. Null numbers are
/// unknown (or depend on the account) and are not enforced.</summary>
public sealed record SendingLimit
{
    public int? MessagesPerMinute { get; init; }
    public int? MessagesPerDay { get; init; }
    public int? RecipientsPerDay { get; init; }
    public int? RecipientsPerMessage { get; init; }
    public int? MaxMessageMegabytes { get; init; }
    public LocalizedText? Note { get; init; }
    public IReadOnlyList<string> Sources { get; init; } = [];
    public DateOnly? Verified { get; init; }

    public static SendingLimit None { get; } = new();

    public bool IsKnown => MessagesPerMinute is not null || MessagesPerDay is not null || RecipientsPerDay is not null
        || RecipientsPerMessage is not null || MaxMessageMegabytes is not null;
}

/// <summary>The providers' sending limits (Providers/sending-limits.json, keyed by preset id),
/// kept beside the presets rather than inside them. An operator's file in the data directory
/// replaces or adds entries.</summary>
public sealed class SendingLimits(IReadOnlyDictionary<string, SendingLimit> byPreset)
{
    public IReadOnlyDictionary<string, SendingLimit> ByPreset { get; } = byPreset;

    public SendingLimit For(string? presetId) =>
        presetId is not null && ByPreset.TryGetValue(presetId, out var limit) ? limit : SendingLimit.None;

    public static SendingLimits LoadShipped()
    {
        using var stream = typeof(SendingLimits).Assembly.GetManifestResourceStream("SmtpPortal.Providers.sending-limits.json")
            ?? throw new InvalidOperationException("sending-limits.json is not embedded in the program.");
        return new SendingLimits(Read(stream));
    }

    /// <summary>The shipped limits with the operator's file applied; a broken file is logged and ignored.</summary>
    public static SendingLimits Load(string operatorFile, ILogger logger)
    {
        var shipped = LoadShipped();
        if (!File.Exists(operatorFile))
            return shipped;
        try
        {
            using var stream = File.OpenRead(operatorFile);
            var merged = new Dictionary<string, SendingLimit>(shipped.ByPreset, StringComparer.OrdinalIgnoreCase);
            foreach (var (id, limit) in Read(stream))
                merged[id] = limit;
            return new SendingLimits(merged);
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            logger.LogError("Ignoring {File}: {Problem} The shipped sending limits apply.", operatorFile, ex.Message);
            return shipped;
        }
    }

    private static Dictionary<string, SendingLimit> Read(Stream stream)
    {
        using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var limits = new Dictionary<string, SendingLimit>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in document.RootElement.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Object))
            limits[property.Name] = property.Value.Deserialize<SendingLimit>(ProviderCatalog.JsonOptions) ?? SendingLimit.None;
        return limits;
    }
}
