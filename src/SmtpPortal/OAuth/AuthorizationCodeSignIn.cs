using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using SmtpPortal.History;
using SmtpPortal.Smtp;

namespace SmtpPortal.OAuth;

/// <summary>The authorization-code sign-in with PKCE (RFC 7636) and state, back to the portal's
/// <c>/oauth/callback</c>. What the callback needs (verifier, client secret) stays in this
/// process; the browser only ever carries the random state and the one-time code.</summary>
public sealed class AuthorizationCodeSignIn(OAuthClient client, OAuthGrantStore grants, OAuthAccessTokens tokens, TimeProvider time,
    ILogger<AuthorizationCodeSignIn> logger)
{
    public const string CallbackPath = "/oauth/callback";

    /// <summary>How long the admin has to finish on the provider's page.</summary>
    public static readonly TimeSpan PendingLifetime = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, PendingSignIn> _pending = new(StringComparer.Ordinal);

    /// <summary>Remembers the sign-in and returns the provider's URL to send the browser to.
    /// The callback carries no admin cookie, so the audit log's actor is the one who began it.</summary>
    public string Begin(OAuthRegistration app, string account, string redirectUri, AuditActor actor)
    {
        DropExpired();
        var state = RandomToken();
        var verifier = RandomToken();
        var challenge = WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        _pending[state] = new PendingSignIn(app, account, redirectUri, verifier, actor, time.GetUtcNow() + PendingLifetime);
        return OAuthClient.AuthorizeUrl(app, redirectUri, state, challenge, account);
    }

    /// <summary>Handles the provider's redirect back. The state must be one this portal issued,
    /// unused and unexpired; the code is redeemed with that sign-in's PKCE verifier.</summary>
    public async Task<SignInCompletion> CompleteAsync(string? state, string? code, string? error, string? errorDescription, CancellationToken ct)
    {
        DropExpired();
        // Single use: whatever happens next, this state cannot be replayed.
        if (string.IsNullOrEmpty(state) || !_pending.TryRemove(state, out var pending))
        {
            logger.LogWarning("OAuth callback with an unknown or expired state was refused");
            return new SignInCompletion(null, OAuthProblem.SignInRequired(OAuthReason.CodeRefused,
                OAuthProblem.Text("UnknownState")));
        }
        var provider = pending.App.Endpoints.Provider;
        if (!string.IsNullOrEmpty(error))
            return new SignInCompletion(pending.Account, OAuthProblem.FromTokenError(error, errorDescription, provider));
        if (string.IsNullOrEmpty(code))
            return new SignInCompletion(pending.Account, OAuthProblem.SignInRequired(OAuthReason.NoCodeReturned, OAuthProblem.Text("NoCode", provider)));

        var result = await client.RedeemCodeAsync(pending.App, code, pending.RedirectUri, pending.Verifier, ct);
        if (result.Problem is { Category: SmtpFailureCategory.OAuthSignInRequired } refused)
            result = TokenResult.Failed(refused with
            {
                Reason = OAuthReason.CodeRefused,
                Summary = $"{provider} refused the authorization code: it was used already, expired, or does not belong to this sign-in (PKCE check). Start the sign-in again.",
            });
        if (result.Problem is { } problem)
        {
            logger.LogWarning("{Provider} sign-in for {Account} failed: {Category}", provider, pending.Account, problem.Category);
            return new SignInCompletion(pending.Account, problem);
        }
        return new SignInCompletion(pending.Account,
            await SignInStore.KeepAsync(grants, tokens, pending.App, pending.Account, pending.Actor, result.Tokens!, logger, ct));
    }

    private void DropExpired()
    {
        var now = time.GetUtcNow();
        foreach (var (state, pending) in _pending)
            if (pending.ExpiresAt <= now)
                _pending.TryRemove(state, out _);
    }

    private static string RandomToken() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    private sealed record PendingSignIn(
        OAuthRegistration App, string Account, string RedirectUri, string Verifier, AuditActor Actor, DateTimeOffset ExpiresAt)
    {
        public override string ToString() => $"sign-in for {Account} until {ExpiresAt:u}";
    }
}

/// <summary>How a callback ended: <see cref="Problem"/> is null when the sign-in is stored.</summary>
public sealed record SignInCompletion(string? Account, OAuthProblem? Problem)
{
    public bool Succeeded => Problem is null;
}
