namespace SmtpPortal.Api;

/// <summary>The one shape of every API error (RFC 9457 problem details): status, title, a
/// sentence, and per field what is wrong with it when a field is to blame.</summary>
public static class ApiProblem
{
    public const string ContentType = "application/problem+json";

    public static Task WriteAsync(HttpContext context, int status, string title, string detail,
        IReadOnlyDictionary<string, string[]>? errors = null)
    {
        context.Response.StatusCode = status;
        object body = errors is null
            ? new { status, title, detail }
            : new { status, title, detail, errors };
        return context.Response.WriteAsJsonAsync(body, (System.Text.Json.JsonSerializerOptions?)null, ContentType, context.RequestAborted);
    }

    /// <summary>The same as a result, for endpoint handlers.</summary>
    public static IResult Field(int status, string title, string field, string problem) =>
        Results.Problem(statusCode: status, title: title, detail: $"{field}: {problem}",
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [problem] } });
}
