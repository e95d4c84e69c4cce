using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Localization;

namespace SmtpPortal.Hosting;

/// <summary>
/// Refuses a form post to a minimal-API endpoint that lacks the portal's antiforgery token.
/// ASP.NET Core checks the token on its own only for endpoints that read the form, and the
/// sign-out endpoints read nothing: without this filter any page on the same site (another app
/// behind the same Websoft9 domain, where SameSite=Strict does not help) could sign the admin out.
/// </summary>
public sealed class AntiforgeryRequired(IAntiforgery antiforgery, IStringLocalizer<AntiforgeryRequired> L) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (await antiforgery.IsRequestValidAsync(context.HttpContext))
            return await next(context);
        var back = WebUtility.HtmlEncode(context.HttpContext.Request.PathBase + "/");
        return Results.Content(
            $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(L["Title"])} · SmtpPortal</title></head>"
            + $"<body><h1>{WebUtility.HtmlEncode(L["Title"])}</h1><p>{WebUtility.HtmlEncode(L["Explanation"])}</p>"
            + $"<p><a href=\"{back}\">{WebUtility.HtmlEncode(L["Back"])}</a></p></body></html>",
            "text/html; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
    }
}
