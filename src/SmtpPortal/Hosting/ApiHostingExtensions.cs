using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using SmtpPortal.Api;

namespace SmtpPortal.Hosting;

public static class ApiHostingExtensions
{
    /// <summary>The /api endpoints: API tokens as their own authentication scheme, per-scope
    /// policies, a rate limit and an OpenAPI document.</summary>
    public static WebApplicationBuilder AddPortalApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiOptions>()
            .BindConfiguration(ApiOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddApiTokens();
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder().AddApiPolicies();
        builder.Services.AddApiRateLimiting();
        builder.Services.AddOpenApi(ApiOpenApi.Configure);
        return builder;
    }

    /// <summary>The token store on its own (the API tokens page needs only this).</summary>
    public static IServiceCollection AddApiTokens(this IServiceCollection services)
    {
        services.AddSingleton<ApiTokenStore>();
        return services;
    }

    /// <summary>The "api" rate-limit policy: a fixed window per token (per address before the
    /// token is known). Rejections answer 429 with JSON and Retry-After.</summary>
    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(ApiEndpoints.RateLimitPolicy, context =>
            {
                var options = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value;
                var key = context.User.FindFirst(ApiTokenAuthenticationHandler.TokenIdClaim)?.Value is { } id
                    ? "token:" + id
                    : "address:" + context.Connection.RemoteIpAddress;
                return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.RequestLimit,
                    Window = TimeSpan.FromSeconds(options.RequestWindowSeconds),
                    QueueLimit = 0,
                });
            });
            // The sign-in forms' limits answer with a page; only the API answers in JSON.
            var formsRejected = limiter.OnRejected;
            limiter.OnRejected = async (rejected, ct) =>
            {
                if (!rejected.HttpContext.Request.Path.StartsWithSegments("/api") && formsRejected is not null)
                {
                    await formsRejected(rejected, ct);
                    return;
                }
                var response = rejected.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                    response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await response.WriteAsJsonAsync(new { status = 429, title = "Too many requests", detail = "Slow down and retry later." },
                    (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", ct);
            };
        });
        return services;
    }

    /// <summary>After UsePortalPipeline (whose rate limiter also applies the "api" policy): API
    /// errors stay JSON instead of being re-executed into the portal's HTML error pages.</summary>
    public static WebApplication UsePortalApi(this WebApplication app)
    {
        app.Use(AnswerApiErrorsInJsonAsync);
        return app;
    }

    private static async Task AnswerApiErrorsInJsonAsync(HttpContext context, RequestDelegate next)
    {
        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            await next(context);
            return;
        }
        if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } statusCodePages)
            statusCodePages.Enabled = false;
        var response = context.Response;
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException bad) when (!response.HasStarted)
        {
            // Thrown instead of answered in Development; the caller gets the same 400 either way.
            response.StatusCode = bad.StatusCode;
        }
        if (response.StatusCode >= 400 && !response.HasStarted && response.ContentLength is null && string.IsNullOrEmpty(response.ContentType))
            await response.WriteAsJsonAsync(
                new { status = response.StatusCode, title = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(response.StatusCode) },
                (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", context.RequestAborted);
    }

    /// <summary>The API and its OpenAPI document at /openapi/v1.json (which needs any valid token).</summary>
    public static WebApplication MapPortalApi(this WebApplication app)
    {
        app.MapOpenApi().RequireAuthorization(ApiPolicies.AnyToken);
        app.MapSettingsApi();
        app.MapRelayApi();
        return app;
    }
}
