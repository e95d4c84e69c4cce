using System.Text.Json;
using System.Text.Json.Serialization;

namespace SmtpPortal.History;

/// <summary>
/// What an audit entry says, kept as a message rather than as words, so that History reads in
/// the viewer's language (docs/decisions/0022-localization.md). A message is a resource key with
/// arguments; an argument is a literal (an address, a host, what a server said), a time (shown in
/// the viewer's time zone), a preset id or a security mode (shown in the viewer's words), or a
/// message itself. Keys live in Resources/History/AuditText.resx unless <see cref="Resource"/>
/// names another type of the portal whose resources hold them (a diagnosis, say).
/// </summary>
[JsonConverter(typeof(AuditTextJsonConverter))]
public sealed record AuditText
{
    /// <summary>The key of a list: its arguments joined by the language's separator.</summary>
    public const string ListKey = "List";

    public string? Key { get; init; }

    /// <summary>Full name of the portal type whose resources hold <see cref="Key"/>; null for History's own.</summary>
    public string? Resource { get; init; }

    public IReadOnlyList<AuditText> Args { get; init; } = [];

    public string? Literal { get; init; }
    public DateTimeOffset? Time { get; init; }
    public string? PresetId { get; init; }
    public Smtp.SecurityMode? Security { get; init; }

    /// <summary>Words already rendered in both languages (a diagnosis, which is more than a key
    /// and arguments): English and Simplified Chinese.</summary>
    public string? English { get; init; }
    public string? Chinese { get; init; }

    public static AuditText Of(string key, params AuditText[] args) => new() { Key = key, Args = args };

    /// <summary>A message whose text lives in another type's resources.</summary>
    public static AuditText From(Type resource, string key, params AuditText[] args) =>
        new() { Key = key, Resource = resource.FullName, Args = args };

    public static AuditText List(IEnumerable<AuditText> items) => new() { Key = ListKey, Args = [.. items] };

    public static AuditText At(DateTimeOffset time) => new() { Time = time };
    public static AuditText Preset(string id) => new() { PresetId = id };
    public static AuditText Mode(Smtp.SecurityMode mode) => new() { Security = mode };
    public static AuditText Words(string english, string chinese) => new() { English = english, Chinese = chinese };

    public static implicit operator AuditText(string literal) => new() { Literal = literal };

    public string ToJson() => JsonSerializer.Serialize(this);

    public static AuditText? FromJson(string? json)
    {
        if (string.IsNullOrEmpty(json))
            return null;
        try
        {
            return JsonSerializer.Deserialize<AuditText>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>Compact JSON: a literal is a string; anything else an object with one of
/// "k" (key, with "r" resource and "a" arguments), "en" and "zh" (words), "time", "preset" or "security".</summary>
internal sealed class AuditTextJsonConverter : JsonConverter<AuditText>
{
    public override AuditText Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
            return reader.GetString()!;
        using var document = JsonDocument.ParseValue(ref reader);
        return FromElement(document.RootElement);
    }

    private static AuditText FromElement(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.String)
            return element.GetString()!;
        if (element.ValueKind != JsonValueKind.Object)
            throw new JsonException("An audit text is a string or an object.");
        if (element.TryGetProperty("en", out var english))
            return AuditText.Words(english.GetString() ?? "", element.TryGetProperty("zh", out var chinese) ? chinese.GetString() ?? "" : "");
        if (element.TryGetProperty("time", out var time))
            return AuditText.At(time.GetDateTimeOffset());
        if (element.TryGetProperty("preset", out var preset))
            return AuditText.Preset(preset.GetString() ?? "");
        if (element.TryGetProperty("security", out var security))
            return Enum.TryParse<Smtp.SecurityMode>(security.GetString(), out var mode)
                ? AuditText.Mode(mode)
                : security.GetString() ?? "";
        if (!element.TryGetProperty("k", out var key))
            throw new JsonException("An audit message needs a key.");
        return new AuditText
        {
            Key = key.GetString(),
            Resource = element.TryGetProperty("r", out var resource) ? resource.GetString() : null,
            Args = element.TryGetProperty("a", out var args) ? [.. args.EnumerateArray().Select(FromElement)] : [],
        };
    }

    public override void Write(Utf8JsonWriter writer, AuditText value, JsonSerializerOptions options)
    {
        if (value.Literal is not null)
        {
            writer.WriteStringValue(value.Literal);
            return;
        }
        writer.WriteStartObject();
        if (value.English is not null)
        {
            writer.WriteString("en", value.English);
            writer.WriteString("zh", value.Chinese);
        }
        else if (value.Time is { } time)
            writer.WriteString("time", time);
        else if (value.PresetId is { } preset)
            writer.WriteString("preset", preset);
        else if (value.Security is { } mode)
            writer.WriteString("security", mode.ToString());
        else
        {
            writer.WriteString("k", value.Key);
            if (value.Resource is not null)
                writer.WriteString("r", value.Resource);
            if (value.Args.Count > 0)
            {
                writer.WritePropertyName("a");
                writer.WriteStartArray();
                foreach (var arg in value.Args)
                    Write(writer, arg, options);
                writer.WriteEndArray();
            }
        }
        writer.WriteEndObject();
    }
}
