using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using SmtpPortal.Security;

namespace SmtpPortal.Hosting;

/// <summary>
/// Per-address limits on the forms that guess secrets: sign-in (with its 2FA step and
/// re-authentication) and first-run setup. Account lockout stops guessing one admin's password;
/// these stop one address from spraying many accounts or the setup token. The address is the
/// client's as the trusted proxy reports it (see <see cref="ReverseProxyOptions"/>).
/// </summary>
public static class RateLimitHostingExtensions
{
    private static readonly string[] SignInForms = [SecurityHostingExtensions.SignInPath, "/signin/two-factor", RecentReauthentication.PagePath];
    private const string SetupForm = "/setup";

    public static WebApplicationBuilder AddSignInRateLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>()
            .Configure<IOptions<AdminSecurityOptions>>((limiter, security) =>
            {
                var signInLimit = security.Value.SignInPostsPerMinute;
                var setupLimit = security.Value.SetupPostsPerMinute;
                limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                    FormOf(http.Request) switch
                    {
                        "signin" => PerMinute($"signin|{AddressOf(http)}", signInLimit),
                        "setup" => PerMinute($"setup|{AddressOf(http)}", setupLimit),
                        _ => RateLimitPartition.GetNoLimiter(""),
                    });
                limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
                limiter.OnRejected = (context, ct) => RefuseAsync(context.HttpContext, ct);
            });
        return builder;
    }

    private static string? FormOf(HttpRequest request)
    {
        if (!HttpMethods.IsPost(request.Method))
            return null;
        var path = request.Path.Value?.TrimEnd('/') ?? "";
        if (SignInForms.Any(form => path.Equals(form, StringComparison.OrdinalIgnoreCase)))
            return "signin";
        return path.Equals(SetupForm, StringComparison.OrdinalIgnoreCase) ? "setup" : null;
    }

    private static string AddressOf(HttpContext http) =>
        http.Connection.RemoteIpAddress?.ToString() ?? IPAddress.None.ToString();

    private static RateLimitPartition<string> PerMinute(string key, int limit) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });

    private static async ValueTask RefuseAsync(HttpContext http, CancellationToken ct)
    {
        http.Response.Headers.RetryAfter = "60";
        http.Response.ContentType = "text/html; charset=utf-8";
        var back = WebUtility.HtmlEncode(http.Request.PathBase + http.Request.Path);
        await http.Response.WriteAsync(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Too many attempts · SmtpPortal</title></head>" +
            "<body><h1>Too many attempts</h1>" +
            "<p>Too many attempts came from your address in the last minute. Wait a minute, then " +
            $"<a href=\"{back}\">try again</a>.</p></body></html>", ct);
    }
}
