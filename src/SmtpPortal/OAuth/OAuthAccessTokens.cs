using SmtpPortal.Providers;
using SmtpPortal.Smtp;

namespace SmtpPortal.OAuth;

/// <summary>Hands out a current access token for the stored sign-in: the cached one while it has
/// more than <see cref="RefreshMargin"/> left, otherwise a fresh one from the refresh token.
/// Access tokens live in memory only; refreshes run one at a time because Microsoft rotates the
/// refresh token with each one.</summary>
public sealed class OAuthAccessTokens(OAuthGrantStore grants, OAuthClient client, TimeProvider time) : IDisposable
{
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private CachedToken? _cached;

    public async Task<(string? AccessToken, OAuthProblem? Problem)> GetAsync(
        OAuthGrant grant, PresetOAuth endpoints, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_cached is { } cached && cached.SignInId == grant.SignInId && time.GetUtcNow() < cached.ExpiresAt - RefreshMargin)
                return (cached.AccessToken, null);

            _cached = null;
            if (grants.Unprotect(grant) is not { } secrets)
                return (null, OAuthProblem.SignInRequired(OAuthReason.Undecryptable,
                    OAuthProblem.Text("StoredSignInUnreadable")));
            var app = new OAuthRegistration(grant.PresetId, endpoints, grant.ClientId, secrets.ClientSecret, grant.Tenant);
            var result = await client.RefreshAsync(app, secrets.RefreshToken, ct);
            if (result.Tokens is not { } tokens)
                return (null, result.Problem);
            if (tokens.RefreshToken is { Length: > 0 } rotated && rotated != secrets.RefreshToken)
                await grants.ReplaceRefreshTokenAsync(grant.SignInId, rotated, ct);
            Remember(grant.SignInId, tokens);
            return (tokens.AccessToken, null);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Keeps the access token a sign-in just produced, so the first send needs no refresh.</summary>
    internal void Remember(Guid signInId, IssuedTokens tokens) =>
        _cached = new CachedToken(signInId, tokens.AccessToken, time.GetUtcNow() + tokens.ExpiresIn);

    public void Forget() => _cached = null;

    public void Dispose() => _gate.Dispose();

    private sealed record CachedToken(Guid SignInId, string AccessToken, DateTimeOffset ExpiresAt)
    {
        public override string ToString() => $"access token until {ExpiresAt:u}";
    }
}
