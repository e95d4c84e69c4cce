using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SmtpPortal.Providers;

/// <summary>A short text of a preset (a port's reason, a region's label) in several languages,
/// keyed "en", "zh". In JSON either an object of languages or, for an operator's own presets,
/// a plain string taken as English.</summary>
[JsonConverter(typeof(LocalizedTextJsonConverter))]
public sealed record LocalizedText(IReadOnlyDictionary<string, string> Texts)
{
    public static implicit operator LocalizedText(string english) => new(new Dictionary<string, string> { ["en"] = english });

    /// <summary>The text in the current UI language, or English.</summary>
    public string Text => For(CultureInfo.CurrentUICulture);

    public string For(CultureInfo culture) =>
        Texts.GetValueOrDefault(culture.TwoLetterISOLanguageName) ?? Texts.GetValueOrDefault("en") ?? Texts.Values.FirstOrDefault() ?? "";

    public bool Has(string language) => !string.IsNullOrWhiteSpace(Texts.GetValueOrDefault(language));

    public override string ToString() => Text;
}

internal sealed class LocalizedTextJsonConverter : JsonConverter<LocalizedText>
{
    public override LocalizedText Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? reader.GetString()!
            : new LocalizedText(JsonSerializer.Deserialize<Dictionary<string, string>>(ref reader, options)
                ?? throw new JsonException("Expected a text or an object of languages."));

    public override void Write(Utf8JsonWriter writer, LocalizedText value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value.Texts, options);
}
