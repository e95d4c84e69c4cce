using System.Text.Json;
using System.Text.Json.Serialization;

namespace SmtpPortal.Providers;

/// <summary>The presets SmtpPortal ships (Providers/presets.json, embedded in the program).</summary>
public sealed class ProviderCatalog
{
    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private readonly Dictionary<string, ProviderPreset> _byId;

    public ProviderCatalog(IEnumerable<ProviderPreset> presets)
    {
        All = [.. presets];
        _byId = All.ToDictionary(p => p.Id, StringComparer.OrdinalIgnoreCase);
        if (!_byId.ContainsKey(ProviderPreset.CustomId))
            throw new InvalidOperationException("The catalog must contain the 'custom' preset.");
    }

    public IReadOnlyList<ProviderPreset> All { get; }

    public ProviderPreset Custom => _byId[ProviderPreset.CustomId];

    public ProviderPreset? Find(string? id) => id is null ? null : _byId.GetValueOrDefault(id);

    /// <summary>The preset for an id, or Custom when the id is unknown (e.g. a removed preset).</summary>
    public ProviderPreset FindOrCustom(string? id) => Find(id) ?? Custom;

    public static ProviderCatalog LoadShipped()
    {
        using var stream = typeof(ProviderCatalog).Assembly
            .GetManifestResourceStream("SmtpPortal.Providers.presets.json")
            ?? throw new InvalidOperationException("presets.json is not embedded in the program.");
        var presets = JsonSerializer.Deserialize<List<ProviderPreset>>(stream, JsonOptions)
            ?? throw new InvalidOperationException("presets.json is empty.");
        return new ProviderCatalog(presets);
    }
}
