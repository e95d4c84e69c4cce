using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace SmtpPortal.Api;

/// <summary>The "ApiToken" scheme: <c>Authorization: Bearer spt_…</c>. Used only by /api
/// endpoints; it answers 401 and 403 with JSON and never redirects to the sign-in page.</summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokenStore tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";
    public const string TokenIdClaim = "api_token_id";
    private const string BearerPrefix = "Bearer ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header) || !header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.NoResult();

        var (token, problem) = await tokens.AuthenticateAsync(header[BearerPrefix.Length..].Trim(), Context.RequestAborted);
        if (token is null)
            return AuthenticateResult.Fail(problem!);

        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, token.Name),
            new(TokenIdClaim, token.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        claims.AddRange(ApiScopeNames.Names(token.Scopes).Select(s => new Claim(ApiScopeNames.ClaimType, s)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.Headers.WWWAuthenticate = "Bearer";
        await WriteProblemAsync(StatusCodes.Status401Unauthorized, "Unauthorized",
            result.Failure?.Message ?? "Send an API token: Authorization: Bearer <token> (create one on the API tokens page).");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "Forbidden", "This token does not have the scope this request needs.");

    private Task WriteProblemAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        return Response.WriteAsJsonAsync(new { status, title, detail }, (System.Text.Json.JsonSerializerOptions?)null,
            "application/problem+json", Context.RequestAborted);
    }
}
