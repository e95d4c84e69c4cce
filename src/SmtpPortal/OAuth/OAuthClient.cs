using Duende.IdentityModel.Client;

namespace SmtpPortal.OAuth;

/// <summary>The token requests SmtpPortal makes, through Duende.IdentityModel (see
/// docs/decisions/0010-oauth-client.md). Responses are turned into SmtpPortal's own types at
/// once; a token never leaves this class except inside <see cref="IssuedTokens"/>.</summary>
public sealed class OAuthClient(IHttpClientFactory httpClients)
{
    public const string HttpClientName = "SmtpPortal.OAuth";

    public async Task<(DeviceCodeChallenge? Challenge, OAuthProblem? Problem)> StartDeviceCodeAsync(
        OAuthRegistration app, string? loginHint, CancellationToken ct)
    {
        var endpoint = app.DeviceAuthorizationEndpoint
            ?? throw new InvalidOperationException($"{app.Endpoints.Provider} offers no device-code sign-in.");
        var request = new DeviceAuthorizationRequest
        {
            Address = endpoint,
            ClientId = app.ClientId,
            ClientCredentialStyle = ClientCredentialStyle.PostBody,
            Scope = app.Scope,
        };
        if (!string.IsNullOrEmpty(loginHint))
            request.Parameters.Add("login_hint", loginHint);
        var response = await Http().RequestDeviceAuthorizationAsync(request, ct);
        if (response.IsError)
            return (null, Problem(response, app, endpoint));
        var challenge = new DeviceCodeChallenge(
            response.DeviceCode!, response.UserCode!, response.VerificationUriComplete ?? response.VerificationUri!,
            TimeSpan.FromSeconds(Math.Max(0, response.Interval)), TimeSpan.FromSeconds(response.ExpiresIn ?? 900));
        return (challenge, null);
    }

    public async Task<TokenResult> PollDeviceCodeAsync(OAuthRegistration app, string deviceCode, CancellationToken ct)
    {
        var response = await Http().RequestDeviceTokenAsync(new DeviceTokenRequest
        {
            Address = app.TokenEndpoint,
            ClientId = app.ClientId,
            ClientSecret = app.ClientSecret,
            ClientCredentialStyle = ClientCredentialStyle.PostBody,
            DeviceCode = deviceCode,
        }, ct);
        return response.Error switch
        {
            "authorization_pending" => TokenResult.Pending,
            "slow_down" => TokenResult.SlowDown,
            _ => ToResult(response, app),
        };
    }

    public async Task<TokenResult> RedeemCodeAsync(
        OAuthRegistration app, string code, string redirectUri, string codeVerifier, CancellationToken ct) =>
        ToResult(await Http().RequestAuthorizationCodeTokenAsync(new AuthorizationCodeTokenRequest
        {
            Address = app.TokenEndpoint,
            ClientId = app.ClientId,
            ClientSecret = app.ClientSecret,
            ClientCredentialStyle = ClientCredentialStyle.PostBody,
            Code = code,
            RedirectUri = redirectUri,
            CodeVerifier = codeVerifier,
        }, ct), app);

    public async Task<TokenResult> RefreshAsync(OAuthRegistration app, string refreshToken, CancellationToken ct) =>
        ToResult(await Http().RequestRefreshTokenAsync(new RefreshTokenRequest
        {
            Address = app.TokenEndpoint,
            ClientId = app.ClientId,
            ClientSecret = app.ClientSecret,
            ClientCredentialStyle = ClientCredentialStyle.PostBody,
            RefreshToken = refreshToken,
            Scope = app.Scope,
        }, ct), app);

    public static string AuthorizeUrl(OAuthRegistration app, string redirectUri, string state, string codeChallenge, string? loginHint)
    {
        var extra = new Parameters();
        foreach (var (name, value) in app.Endpoints.AuthorizeParameters)
            extra.Add(name, value);
        return new RequestUrl(app.AuthorizationEndpoint).CreateAuthorizeUrl(
            clientId: app.ClientId, responseType: "code", scope: app.Scope, redirectUri: redirectUri, state: state,
            loginHint: string.IsNullOrEmpty(loginHint) ? null : loginHint,
            codeChallenge: codeChallenge, codeChallengeMethod: "S256", extra: extra);
    }

    private HttpClient Http() => httpClients.CreateClient(HttpClientName);

    private static TokenResult ToResult(TokenResponse response, OAuthRegistration app)
    {
        if (response.IsError)
            return TokenResult.Failed(Problem(response, app, app.TokenEndpoint));
        if (string.IsNullOrEmpty(response.AccessToken))
            return TokenResult.Failed(OAuthProblem.FromTokenError("invalid_response", "no access token in the answer", app.Endpoints.Provider));
        return TokenResult.Issued(new IssuedTokens(
            response.AccessToken, response.RefreshToken, TimeSpan.FromSeconds(response.ExpiresIn > 0 ? response.ExpiresIn : 3600)));
    }

    private static OAuthProblem Problem(ProtocolResponse response, OAuthRegistration app, string endpoint) =>
        response.ErrorType is ResponseErrorType.Exception || (response.ErrorType is ResponseErrorType.Http && response.Error is null)
            ? OAuthProblem.Unreachable(app.Endpoints.Provider, endpoint)
            : OAuthProblem.FromTokenError(response.Error, Describe(response), app.Endpoints.Provider);

    private static string? Describe(ProtocolResponse response) =>
        response.TryGet("error_description") ?? (response.ErrorType is ResponseErrorType.Http ? $"HTTP {(int)response.HttpStatusCode}" : null);
}

/// <summary>What the admin must do on another device: open the link and enter the code.</summary>
public sealed record DeviceCodeChallenge(string DeviceCode, string UserCode, string VerificationUri, TimeSpan Interval, TimeSpan ExpiresIn)
{
    /// <summary>The device code is a secret until it is redeemed: never shown.</summary>
    public override string ToString() => $"code {UserCode} at {VerificationUri}";
}

/// <summary>Tokens just issued. <see cref="ToString"/> shows none of them.</summary>
public sealed record IssuedTokens(string AccessToken, string? RefreshToken, TimeSpan ExpiresIn)
{
    public override string ToString() => $"access token for {ExpiresIn.TotalSeconds:0} s";
}

public sealed record TokenResult(IssuedTokens? Tokens, OAuthProblem? Problem, bool IsPending = false, bool IsSlowDown = false)
{
    public static readonly TokenResult Pending = new(null, null, IsPending: true);
    public static readonly TokenResult SlowDown = new(null, null, IsPending: true, IsSlowDown: true);
    public static TokenResult Issued(IssuedTokens tokens) => new(tokens, null);
    public static TokenResult Failed(OAuthProblem problem) => new(null, problem);
}
