using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;

namespace SmtpPortal.Api;

/// <summary>
/// Words for a request the framework could not bind: which field (a JSON property, the body, a
/// query parameter) and what it should have been, instead of ASP.NET Core's bare 400 or its
/// .NET type names. Works from the endpoint's metadata, so every endpoint under /api gets it.
/// </summary>
public static class ApiBadRequests
{
    public const string BodyField = "body";

    /// <summary>The field and the problem, or null when the exception says nothing more specific.
    /// The body must have been buffered (<see cref="HttpRequestRewindExtensions.EnableBuffering(HttpRequest)"/>):
    /// what was sent in place of a value is read from it.</summary>
    public static async Task<(string Field, string Problem)?> ExplainAsync(HttpContext context, BadHttpRequestException bad)
    {
        var endpoint = context.GetEndpoint();
        if (bad.InnerException is JsonException json)
            return await ExplainAsync(context.Request, json, endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType);
        if (ExplainQuery(context) is { } query)
            return query;
        if (endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType is not null)
            return (BodyField, "Send the request's data as a JSON object in the body.");
        return null;
    }

    private static async Task<(string, string)> ExplainAsync(HttpRequest request, JsonException json, Type? bodyType)
    {
        // The reader's own failure (bad syntax) arrives wrapped; a value of the wrong type does not.
        if (json.InnerException is JsonException || string.IsNullOrEmpty(json.Path) || json.Path == "$")
        {
            var where = json.LineNumber is { } line && json.BytePositionInLine is { } position
                ? $" (line {line + 1}, character {position + 1})"
                : "";
            return (BodyField, $"The body is not valid JSON{where}.");
        }
        var name = json.Path.TrimStart('$', '.').Split('.', '[')[0];
        var property = bodyType?.GetProperties()
            .FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
        var expected = Nullable.GetUnderlyingType(property?.PropertyType ?? typeof(object)) ?? property?.PropertyType;
        var sent = await SentValueAsync(request, name);
        // 58.7 for a port: "not a number" would be wrong, the expectation says it all.
        var found = sent == JsonValueKind.Number && expected == typeof(int) ? "" : Found(sent);
        return (name, Expected(expected) + found + ".");
    }

    private static string Expected(Type? type) => (Nullable.GetUnderlyingType(type ?? typeof(object)) ?? type) switch
    {
        var t when t == typeof(int) || t == typeof(long) => "Expected a whole number (like 587)",
        var t when t == typeof(bool) => "Expected true or false",
        var t when t == typeof(string) => "Expected text in quotes",
        _ => "Expected a value of another type",
    };

    private static string Found(JsonValueKind? sent) => sent switch
    {
        JsonValueKind.String => ", not text",
        JsonValueKind.Number => ", not a number",
        JsonValueKind.True or JsonValueKind.False => ", not true or false",
        JsonValueKind.Array => ", not a list",
        JsonValueKind.Object => ", not an object",
        _ => "",
    };

    /// <summary>The kind of JSON value sent for a top-level property, read again from the buffered body.</summary>
    private static async Task<JsonValueKind?> SentValueAsync(HttpRequest request, string name)
    {
        if (!request.Body.CanSeek)
            return null;
        request.Body.Position = 0;
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return null;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                    return property.Value.ValueKind;
            }
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A query parameter whose value does not parse as the handler's parameter type
    /// (binding answers such a request with a bare 400, without an exception to explain it).</summary>
    public static (string Field, string Problem)? ExplainQuery(HttpContext context)
    {
        var metadata = context.GetEndpoint()?.Metadata;
        var parameters = metadata?.GetOrderedMetadata<IParameterBindingMetadata>().Select(p => p.ParameterInfo).ToList() is { Count: > 0 } bound
            ? bound
            : metadata?.GetMetadata<System.Reflection.MethodInfo>()?.GetParameters().ToList() ?? [];
        var query = context.Request.Query;
        foreach (var parameter in parameters)
        {
            var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
            var sent = query.FirstOrDefault(q => string.Equals(q.Key, parameter.Name, StringComparison.OrdinalIgnoreCase));
            if (sent.Key is null)
                continue;
            var value = sent.Value.ToString();
            if (type == typeof(bool) && !bool.TryParse(value, out _))
                return (parameter.Name!, $"Expected true or false, not '{value}'.");
            if (type == typeof(int) && !int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
                return (parameter.Name!, $"Expected a whole number, not '{value}'.");
        }
        return null;
    }
}
