using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace SmtpPortal.Api;

/// <summary>The OpenAPI document covers /api only and says how to authenticate: a bearer token
/// from the API tokens page.</summary>
public static class ApiOpenApi
{
    public static void Configure(OpenApiOptions options)
    {
        options.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "SmtpPortal API";
            document.Info.Description = "Read and change this server's SMTP settings, send a test email, export the settings for apps, "
                + "manage the relay for the server's apps and the alert channels.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiTokenAuthenticationHandler.SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API token (spt_…) created on the portal's API tokens page, with the scopes the call needs: read, read-secret, write, test, relay, alerts.",
            };
            document.Security = [new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(ApiTokenAuthenticationHandler.SchemeName, document)] = [],
            }];
            return Task.CompletedTask;
        });
    }
}
