using System.Text.Json;

namespace SmtpPortal.Providers;

/// <summary>The operator's own presets: a JSON array in the data directory, same schema as the
/// shipped presets.json. A preset with the id of a shipped one replaces it; a new id adds one.
/// Problems are logged with the file, the preset and the field, and never stop the shipped
/// presets from working: a broken file is ignored as a whole, a broken preset on its own.</summary>
public static class PresetOverrideFile
{
    public sealed record ReadResult(IReadOnlyList<ProviderPreset> Presets, IReadOnlyList<string> Errors);

    public static ReadResult Read(string file)
    {
        var errors = new List<string>();
        var presets = new List<ProviderPreset>();
        JsonDocument document;
        try
        {
            using var stream = File.OpenRead(file);
            document = JsonDocument.Parse(stream, new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            });
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            var where = e is JsonException { LineNumber: { } line } ? $", line {line + 1}" : "";
            errors.Add($"{file}{where}: the file cannot be read as JSON ({FirstSentence(e.Message)}); it is ignored.");
            return new ReadResult(presets, errors);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                errors.Add($"{file}: the file must hold a JSON array of presets, like the shipped presets.json; it is ignored.");
                return new ReadResult(presets, errors);
            }
            var index = 0;
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var element in document.RootElement.EnumerateArray())
            {
                var name = PresetName(element, index++);
                var preset = Deserialize(element, file, name, errors);
                if (preset is null)
                    continue;
                var problems = PresetValidator.Validate(preset, shipped: false);
                if (!seen.Add(preset.Id))
                    problems = [.. problems, new PresetProblem(preset.Id, "id", "this id appears twice in the file")];
                if (problems.Count > 0)
                {
                    errors.AddRange(problems.Select(p => $"{file}: {p}; the preset is ignored."));
                    continue;
                }
                presets.Add(preset);
            }
        }
        return new ReadResult(presets, errors);
    }

    /// <summary>The shipped catalog with the operator's presets applied, if the file exists.</summary>
    public static ProviderCatalog Apply(ProviderCatalog shipped, string file, ILogger logger)
    {
        if (!File.Exists(file))
            return shipped;
        var (presets, errors) = Read(file);
        foreach (var error in errors)
            logger.LogError("Operator presets: {Error}", error);

        var merged = shipped.All.ToList();
        foreach (var preset in presets)
        {
            var existing = merged.FindIndex(p => p.Id.Equals(preset.Id, StringComparison.OrdinalIgnoreCase));
            if (existing >= 0)
                merged[existing] = preset;
            else
                merged.Insert(merged.FindIndex(p => p.IsCustom), preset); // Custom stays last
        }
        if (presets.Count > 0)
            logger.LogInformation("Operator presets: {Count} preset(s) from {File} applied ({Ids}).",
                presets.Count, file, string.Join(", ", presets.Select(p => p.Id)));
        return new ProviderCatalog(merged);
    }

    private static ProviderPreset? Deserialize(JsonElement element, string file, string name, List<string> errors)
    {
        try
        {
            var preset = element.Deserialize<ProviderPreset>(ProviderCatalog.JsonOptions);
            if (preset is null)
                errors.Add($"{file}: {name}: the entry is null; it is ignored.");
            return preset;
        }
        catch (JsonException e)
        {
            // e.Path is relative to the preset, e.g. "$.ports[0].security".
            var field = e.Path is { Length: > 2 } path ? path[2..] : "(the preset itself)";
            errors.Add($"{file}: {name}, field '{field}': {FirstSentence(e.Message)}; the preset is ignored.");
            return null;
        }
    }

    private static string PresetName(JsonElement element, int index) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
            ? $"preset '{id.GetString()}'"
            : $"preset #{index + 1} (no id)";

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message.TrimEnd('.');
    }
}
