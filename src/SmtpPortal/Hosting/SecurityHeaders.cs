using System.Security.Cryptography;

namespace SmtpPortal.Hosting;

/// <summary>
/// Headers on every response. The Content-Security-Policy is as tight as Blazor Server and
/// MudBlazor allow: scripts only from the portal itself plus the one inline import map, which
/// carries this response's nonce (no 'unsafe-inline', no 'unsafe-eval'); styles may be inline
/// because MudBlazor writes its theme as a &lt;style&gt; element and positions popovers with style
/// attributes; the circuit's WebSocket is same-origin ('self' covers ws:/wss: of this host).
/// </summary>
public static class SecurityHeaders
{
    private const string NonceKey = "SmtpPortal.CspNonce";

    /// <summary>The nonce App.razor puts on the inline import map.</summary>
    public static string CspNonce(this HttpContext http) =>
        http.Items[NonceKey] as string ?? "";

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        // Only over HTTPS (the middleware checks) and never for localhost, where a pinned HSTS
        // entry would break every other local app. No includeSubDomains: the portal is one app
        // among many on a Websoft9 server and must not decide for its neighbours.
        app.UseHsts();
        app.Use((http, next) =>
        {
            // Hex, not base64: a "+" would reach the HTML as an entity and make the page harder to check.
            var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            http.Items[NonceKey] = nonce;
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.ContentSecurityPolicy = Policy(nonce);
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                // Static assets set their own caching; everything else is a page or an answer
                // about this server's mail account and must not linger in any cache.
                if (string.IsNullOrEmpty(headers.CacheControl))
                    headers.CacheControl = "no-store";
                return Task.CompletedTask;
            });
            return next(http);
        });
        return app;
    }

    private static string Policy(string nonce) =>
        "default-src 'self'; " +
        $"script-src 'self' 'nonce-{nonce}'; " +
        "style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; " +
        "font-src 'self' data:; " +
        "connect-src 'self'; " +
        "object-src 'none'; " +
        "base-uri 'self'; " +
        "form-action 'self'; " +
        "frame-ancestors 'none'";
}
