using SmtpPortal.History;
using SmtpPortal.Smtp;

namespace SmtpPortal.OAuth;

/// <summary>The device-code sign-in (RFC 8628): works when the portal has no public HTTPS
/// address. The admin opens the provider's page on any device and types the code shown; the
/// portal polls the token endpoint until that happens, the code expires or the admin cancels.</summary>
public sealed class DeviceCodeSignIn(OAuthClient client, OAuthGrantStore grants, OAuthAccessTokens tokens, TimeProvider time,
    ILogger<DeviceCodeSignIn> logger)
{
    private static readonly TimeSpan SlowDownStep = TimeSpan.FromSeconds(5);

    public Task<(DeviceCodeChallenge? Challenge, OAuthProblem? Problem)> StartAsync(
        OAuthRegistration app, string account, CancellationToken ct) =>
        client.StartDeviceCodeAsync(app, account, ct);

    /// <summary>Waits for the admin to finish on the provider's page, then stores the sign-in.
    /// Null means signed in.</summary>
    public async Task<OAuthProblem?> CompleteAsync(
        OAuthRegistration app, string account, DeviceCodeChallenge challenge, AuditActor actor, CancellationToken ct)
    {
        var expiresAt = time.GetUtcNow() + challenge.ExpiresIn;
        var interval = challenge.Interval;
        while (time.GetUtcNow() < expiresAt)
        {
            var result = await client.PollDeviceCodeAsync(app, challenge.DeviceCode, ct);
            if (result.IsSlowDown)
                interval += SlowDownStep;
            if (result.IsPending)
            {
                await Task.Delay(interval, time, ct);
                continue;
            }
            if (result.Problem is { } problem)
            {
                logger.LogWarning("{Provider} device-code sign-in for {Account} failed: {Category}",
                    app.Endpoints.Provider, account, problem.Category);
                return problem;
            }
            return await SignInStore.KeepAsync(grants, tokens, app, account, actor, result.Tokens!, logger, ct);
        }
        return OAuthProblem.FromTokenError("expired_token", null, app.Endpoints.Provider);
    }
}

/// <summary>What both sign-in flows do with the tokens they obtained.</summary>
internal static class SignInStore
{
    public static async Task<OAuthProblem?> KeepAsync(OAuthGrantStore grants, OAuthAccessTokens tokens,
        OAuthRegistration app, string account, AuditActor actor, IssuedTokens issued, ILogger logger, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(issued.RefreshToken))
            return OAuthProblem.SignInRequired(OAuthReason.ConsentRequired,
                OAuthProblem.Text("NoRefreshToken", app.Endpoints.Provider));
        var signInId = await grants.SaveAsync(app, account, issued.RefreshToken, actor, ct);
        tokens.Remember(signInId, issued);
        logger.LogInformation("Signed in with {Provider} for {Account} ({App})", app.Endpoints.Provider, account, app.ToString());
        return null;
    }
}
