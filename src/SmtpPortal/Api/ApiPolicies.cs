using Microsoft.AspNetCore.Authorization;

namespace SmtpPortal.Api;

/// <summary>Authorization policies of the /api endpoints: each accepts only the ApiToken scheme
/// (never the admin's cookie) and needs one scope.</summary>
public static class ApiPolicies
{
    public const string AnyToken = "api";
    public const string Read = "api:read";
    public const string Write = "api:write";
    public const string Test = "api:test";
    public const string Relay = "api:relay";
    public const string Alerts = "api:alerts";

    public static AuthorizationBuilder AddApiPolicies(this AuthorizationBuilder authorization) => authorization
        .AddPolicy(AnyToken, p => p.AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName).RequireAuthenticatedUser())
        .AddPolicy(Read, p => Scoped(p, ApiScopes.Read))
        .AddPolicy(Write, p => Scoped(p, ApiScopes.Write))
        .AddPolicy(Test, p => Scoped(p, ApiScopes.Test))
        .AddPolicy(Relay, p => Scoped(p, ApiScopes.Relay))
        .AddPolicy(Alerts, p => Scoped(p, ApiScopes.Alerts));

    public static bool Has(this System.Security.Claims.ClaimsPrincipal user, ApiScopes scope) =>
        user.HasClaim(ApiScopeNames.ClaimType, ApiScopeNames.Name(scope));

    private static void Scoped(AuthorizationPolicyBuilder policy, ApiScopes scope) => policy
        .AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName)
        .RequireAuthenticatedUser()
        .RequireClaim(ApiScopeNames.ClaimType, ApiScopeNames.Name(scope));
}
