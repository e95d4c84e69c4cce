using System.Text.Encodings.Web;
using SmtpPortal.OAuth;

namespace SmtpPortal.Hosting;

public static class OAuthHostingExtensions
{
    /// <summary>OAuth2 sign-in with the mail providers and the XOAUTH2 access tokens for sending.</summary>
    public static IServiceCollection AddOAuthSignIn(this IServiceCollection services)
    {
        // A token request must not hold up a test send for HttpClient's default 100 seconds.
        services.AddHttpClient(OAuthClient.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<OAuthClient>();
        services.AddSingleton<OAuthGrantStore>();
        services.AddSingleton<OAuthAccessTokens>();
        services.AddSingleton<DeviceCodeSignIn>();
        services.AddSingleton<AuthorizationCodeSignIn>();
        return services;
    }

    /// <summary>The redirect back from the provider. It is anonymous because the admin's cookie
    /// is SameSite=Strict and a redirect from another site does not carry it; the unguessable,
    /// single-use state issued to a signed-in admin (plus PKCE) is what authorizes it.</summary>
    public static WebApplication MapOAuthEndpoints(this WebApplication app)
    {
        app.MapGet(AuthorizationCodeSignIn.CallbackPath, async (
                string? state, string? code, string? error, string? error_description,
                AuthorizationCodeSignIn signIn, CancellationToken ct) =>
            {
                var completion = await signIn.CompleteAsync(state, code, error, error_description, ct);
                return Results.Content(CallbackPage(completion), "text/html; charset=utf-8",
                    statusCode: completion.Succeeded ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
            })
            .AllowAnonymous()
            .DisableAntiforgery();
        return app;
    }

    /// <summary>A plain page, not a redirect: following its link is a same-site navigation, so
    /// the admin's SameSite=Strict cookie comes along to the settings page.</summary>
    private static string CallbackPage(SignInCompletion completion)
    {
        var html = HtmlEncoder.Default;
        var (title, text) = completion.Succeeded
            ? ("Signed in", $"Signed in as {completion.Account}. The portal now sends with this account; send a test email to check it.")
            : ("Sign-in failed", completion.Problem!.Summary);
        return $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{html.Encode(title)} · SmtpPortal</title>
            <meta name="viewport" content="width=device-width, initial-scale=1"></head>
            <body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem">
            <h1>{html.Encode(title)}</h1>
            <p id="oauth-result">{html.Encode(text)}</p>
            <p><a href="../settings" id="back-to-settings">Back to the SMTP settings</a></p>
            </body></html>
            """;
    }
}
