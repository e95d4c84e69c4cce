using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing.Template;

namespace SmtpPortal.Api;

/// <summary>
/// What the catch-all under /api answers. Routing sends here not only unknown paths but also
/// requests to a real endpoint with the wrong method (HEAD, OPTIONS, DELETE…) or a body that is
/// not JSON (the endpoint's content-type filter leaves it unmatched); those deserve 405 or 415
/// naming what would work, not "no such endpoint". OPTIONS answers with the methods allowed.
/// </summary>
public static class ApiFallback
{
    public static IResult Answer(HttpContext http, EndpointDataSource endpoints)
    {
        var request = http.Request;
        var path = request.Path.Value ?? "";
        var here = endpoints.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<FallbackMarker>() is null
                && e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/", StringComparison.Ordinal) == true && Matches(e, path))
            .ToList();
        if (here.Count == 0)
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
                detail: $"No API endpoint at {path}; see /openapi/v1.json.");

        var methods = here.SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Distinct().Order().ToList();
        http.Response.Headers.Allow = string.Join(", ", methods);
        if (HttpMethods.IsOptions(request.Method))
            return Results.NoContent();
        if (!methods.Contains(request.Method, StringComparer.OrdinalIgnoreCase))
            return Results.Problem(statusCode: StatusCodes.Status405MethodNotAllowed, title: "Method not allowed",
                detail: $"{request.Method} is not allowed on {path}; use {string.Join(" or ", methods)}.");
        var accepted = here.SelectMany(e => e.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes ?? []).Distinct().ToList();
        var sent = string.IsNullOrEmpty(request.ContentType) ? "no Content-Type" : request.ContentType.Split(';')[0];
        return ApiProblem.Field(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Content-Type",
            $"Send the body as JSON with the header Content-Type: {accepted.FirstOrDefault() ?? "application/json"} (this was {sent}).");
    }

    /// <summary>Marks the catch-all itself, so that it never counts as a real endpoint here.</summary>
    public sealed class FallbackMarker;

    private static bool Matches(RouteEndpoint endpoint, string path) =>
        endpoint.RoutePattern.RawText is { } pattern
        && new TemplateMatcher(TemplateParser.Parse(pattern.TrimStart('/')), new RouteValueDictionary())
            .TryMatch(path, new RouteValueDictionary());
}
