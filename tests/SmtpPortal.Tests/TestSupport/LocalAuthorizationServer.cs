using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;

namespace SmtpPortal.Tests.TestSupport;

/// <summary>A small OAuth2 authorization server on 127.0.0.1, standing in for Microsoft's and
/// Google's: authorization code with PKCE (S256), device code (pending until approved) and
/// refresh tokens that rotate on every use and can be revoked.</summary>
public sealed class LocalAuthorizationServer : IAsyncDisposable
{
    public const string ClientId = "test-client";
    public const string ClientSecret = "test-client-secret";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, IssuedCode> _codes = new();
    private readonly ConcurrentDictionary<string, DeviceGrant> _devices = new();
    private readonly ConcurrentDictionary<string, bool> _refreshTokens = new();
    private readonly TaskCompletionSource _firstPendingPoll = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _counter;

    private LocalAuthorizationServer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The one access token the SMTP server accepts: the most recently issued.</summary>
    public string? CurrentAccessToken { get; private set; }

    /// <summary>Every token, code and secret this server handed out or was given, for leak checks.</summary>
    public ConcurrentBag<string> Secrets { get; } = [ClientSecret];
    public int RefreshCount;
    public int DevicePollCount;
    public Task FirstPendingPoll => _firstPendingPoll.Task;

    /// <summary>Device codes are approved as soon as they are issued (for tests about later steps).</summary>
    public bool ApproveDeviceCodesAtOnce { get; set; }

    public static async Task<LocalAuthorizationServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = new LocalAuthorizationServer(builder.Build());
        server.Map();
        await server._app.StartAsync();
        var address = server._app.Services.GetService(typeof(IServer)) is IServer s
            ? s.Features.Get<IServerAddressesFeature>()!.Addresses.First() : throw new InvalidOperationException();
        server.BaseUrl = address.TrimEnd('/');
        return server;
    }

    public string AuthorizationEndpoint => $"{BaseUrl}/{{tenant}}/authorize";
    public string TokenEndpoint => $"{BaseUrl}/{{tenant}}/token";
    public string DeviceEndpoint => $"{BaseUrl}/{{tenant}}/devicecode";

    /// <summary>The user typed the code on the provider's page and accepted.</summary>
    public void Approve(string userCode)
    {
        foreach (var grant in _devices.Values.Where(d => d.UserCode == userCode))
            grant.Approved = true;
    }

    /// <summary>The account holder revoked the app's consent: every refresh token stops working.</summary>
    public void RevokeAll()
    {
        foreach (var token in _refreshTokens.Keys)
            _refreshTokens[token] = false;
    }

    private void Map()
    {
        // The user signs in and consents at once; the answer is the redirect back with a code.
        _app.MapGet("/{tenant}/authorize", (HttpRequest request) =>
        {
            var q = request.Query;
            if (q["client_id"] != ClientId || q["response_type"] != "code" || q["code_challenge_method"] != "S256")
                return Results.BadRequest("bad authorization request");
            var code = NewSecret("code");
            _codes[code] = new IssuedCode(q["code_challenge"]!, q["redirect_uri"]!);
            var target = QueryHelpers.AddQueryString(q["redirect_uri"]!, new Dictionary<string, string?> { ["code"] = code, ["state"] = q["state"] });
            return Results.Redirect(target);
        });
        _app.MapPost("/{tenant}/devicecode", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            if (form["client_id"] != ClientId)
                return Error("invalid_client", "AADSTS700016: Application not found");
            var deviceCode = NewSecret("device");
            var userCode = $"CODE{Interlocked.Increment(ref _counter)}";
            _devices[deviceCode] = new DeviceGrant(userCode) { Approved = ApproveDeviceCodesAtOnce };
            return Results.Json(new
            {
                device_code = deviceCode, user_code = userCode, verification_uri = $"{BaseUrl}/device",
                expires_in = 900, interval = 0,
            });
        });
        _app.MapPost("/{tenant}/token", async (HttpRequest request) => Token(await request.ReadFormAsync()));
    }

    private IResult Token(IFormCollection form)
    {
        if (form["client_id"] != ClientId)
            return Error("invalid_client", "AADSTS700016: Application not found");
        if (form.ContainsKey("client_secret") && form["client_secret"] != ClientSecret)
            return Error("invalid_client", "AADSTS7000215: Invalid client secret provided.");
        switch (form["grant_type"].ToString())
        {
            case "authorization_code":
                if (!_codes.TryRemove(form["code"].ToString(), out var issued) || issued.RedirectUri != form["redirect_uri"])
                    return Error("invalid_grant", "AADSTS70000: The code is invalid or was already used.");
                var challenge = WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString())));
                return challenge == issued.Challenge ? Issue() : Error("invalid_grant", "AADSTS501481: The Code_Verifier does not match the code_challenge.");
            case "urn:ietf:params:oauth:grant-type:device_code":
                if (!_devices.TryGetValue(form["device_code"].ToString(), out var device))
                    return Error("expired_token", "AADSTS70019: Verification code expired.");
                Interlocked.Increment(ref DevicePollCount);
                if (!device.Approved)
                {
                    _firstPendingPoll.TrySetResult();
                    return Error("authorization_pending", "AADSTS70016: OAuth 2.0 device flow error. Authorization is pending.");
                }
                _devices.TryRemove(form["device_code"].ToString(), out _);
                return Issue();
            case "refresh_token":
                Interlocked.Increment(ref RefreshCount);
                var refreshToken = form["refresh_token"].ToString();
                if (!_refreshTokens.TryGetValue(refreshToken, out var valid) || !valid)
                    return Error("invalid_grant", "AADSTS70000: The provided grant has expired due to it being revoked.");
                _refreshTokens[refreshToken] = false; // rotation: each refresh token works once
                return Issue();
            default:
                return Error("unsupported_grant_type", null);
        }
    }

    private IResult Issue()
    {
        var accessToken = NewSecret("access");
        var refreshToken = NewSecret("refresh");
        _refreshTokens[refreshToken] = true;
        CurrentAccessToken = accessToken;
        return Results.Json(new
        {
            access_token = accessToken, token_type = "Bearer", expires_in = (int)AccessTokenLifetime.TotalSeconds,
            refresh_token = refreshToken, scope = "https://outlook.office.com/SMTP.Send offline_access",
        });
    }

    private string NewSecret(string kind)
    {
        var secret = $"{kind}-{Interlocked.Increment(ref _counter)}-{WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(24))}";
        Secrets.Add(secret);
        return secret;
    }

    private static IResult Error(string error, string? description) =>
        Results.Json(new { error, error_description = description }, statusCode: StatusCodes.Status400BadRequest);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed record IssuedCode(string Challenge, string RedirectUri);

    private sealed class DeviceGrant(string userCode)
    {
        public string UserCode { get; } = userCode;
        public bool Approved { get; set; }
    }
}
