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
        // A binding failure throws, so that the API's error middleware can say which field was wrong.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return builder;
    }

    /// <summary>The token store on its own (the API tokens page needs only this).</summary>
    public static IServiceCollection AddApiTokens(this IServiceCollection services)
    {
        services.AddSingleton<ApiTokenStore>();
        return services;
    }

    /// <summary>The "api" rate-limit policy: a fixed window per token for authenticated callers,
    /// and a separate one per address for requests without a valid token (guesses), so that
    /// guessing from an address never locks out the valid tokens used from it. Rejections answer
    /// 429 with JSON and Retry-After. The token is known here because
    /// <see cref="UseApiTokenIdentity"/> authenticates /api requests before the rate limiter runs.</summary>
    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(ApiEndpoints.RateLimitPolicy, context =>
            {
                var options = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value;
                var key = context.User.FindFirst(ApiTokenAuthenticationHandler.TokenIdClaim)?.Value is { } id
                    ? "token:" + id
                    : "guess:" + context.Connection.RemoteIpAddress;
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

    /// <summary>Before the rate limiter: an /api request with a valid token carries the token's
    /// principal, so the "api" policy can count per token. The handler caches its result for
    /// the request, so authorization later does not look the token up again.</summary>
    public static IApplicationBuilder UseApiTokenIdentity(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/api"))
            {
                var result = await context.AuthenticateAsync(ApiTokenAuthenticationHandler.SchemeName);
                if (result.Succeeded)
                    context.User = result.Principal;
            }
            await next(context);
        });

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
            try
            {
                await next(context);
            }
            catch (BadHttpRequestException bad) when (!context.Response.HasStarted)
            {
                // Binding throws (RouteHandlerOptions.ThrowOnBadRequest, for the API's sake):
                // elsewhere it stays the plain 400 it always was.
                context.Response.StatusCode = bad.StatusCode;
            }
            return;
        }
        if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } statusCodePages)
            statusCodePages.Enabled = false;
        // Machine-facing: the API answers in English whatever Accept-Language says (decision 22).
        System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.CurrentUICulture =
            System.Globalization.CultureInfo.GetCultureInfo(Localization.UiLanguage.English);
        // Small bodies only (settings, a recipient): kept so that a binding error can say what was sent.
        context.Request.EnableBuffering();
        var response = context.Response;
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException bad) when (!response.HasStarted)
        {
            var explained = await ApiBadRequests.ExplainAsync(context, bad);
            var title = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(bad.StatusCode);
            if (explained is var (field, problem))
                await ApiProblem.WriteAsync(context, bad.StatusCode, title, $"{field}: {problem}",
                    new Dictionary<string, string[]> { [field] = [problem] });
            else
                await ApiProblem.WriteAsync(context, bad.StatusCode, title, bad.Message);
            return;
        }
        if (response.StatusCode >= 400 && !response.HasStarted && response.ContentLength is null && string.IsNullOrEmpty(response.ContentType))
        {
            var title = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(response.StatusCode);
            if (response.StatusCode == StatusCodes.Status400BadRequest && ApiBadRequests.ExplainQuery(context) is var (field, problem))
                await ApiProblem.WriteAsync(context, response.StatusCode, title, $"{field}: {problem}",
                    new Dictionary<string, string[]> { [field] = [problem] });
            else
                await ApiProblem.WriteAsync(context, response.StatusCode, title, $"The request was refused: {title}.");
        }
    }

    /// <summary>The API and its OpenAPI document at /openapi/v1.json (which needs any valid token).</summary>
    public static WebApplication MapPortalApi(this WebApplication app)
    {
        app.MapOpenApi().RequireAuthorization(ApiPolicies.AnyToken);
        app.MapSettingsApi();
        app.MapRelayApi();
        app.MapAlertsApi();
        app.MapFallbackApi();
        return app;
    }
}
