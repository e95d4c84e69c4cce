using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using SmtpPortal.Data;
using SmtpPortal.History;

namespace SmtpPortal.Api;

/// <summary>Creates, lists, revokes and checks API tokens. A token is "spt_" followed by 32
/// random bytes in base64url; only its SHA-256 is stored. Creating and revoking are recorded in
/// the audit log by name, scopes and expiry: never the token, its prefix or its hash.</summary>
public sealed class ApiTokenStore(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider time)
{
    public const string TokenPrefix = "spt_";
    public const int MaxNameLength = 100;
    public static readonly TimeSpan LastUsedPrecision = TimeSpan.FromMinutes(1);

    /// <summary>What the API tokens page says about a token it cannot create, in the UI language;
    /// authentication failures stay English (the API is machine-facing).</summary>
    private static readonly IStringLocalizer L = Localization.StaticLocalizer.For(typeof(ApiTokenStore));

    public async Task<CreatedApiToken> CreateAsync(
        string? name, ApiScopes scopes, TimeSpan lifetime, AuditActor createdBy, CancellationToken ct = default)
    {
        var problem = CheckName(name) ?? (scopes == ApiScopes.None ? L["ChooseScope"].Value : null)
            ?? (lifetime <= TimeSpan.Zero ? L["ChooseExpiry"].Value : null);
        if (problem is not null)
            return new CreatedApiToken(null, null, problem);

        var secret = TokenPrefix + Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        var token = new ApiToken
        {
            Name = name!.Trim(),
            TokenHash = Hash(secret),
            Prefix = secret[..(TokenPrefix.Length + 6)],
            Scopes = scopes,
            CreatedAt = now,
            CreatedBy = createdBy.Name,
            ExpiresAt = now + lifetime,
        };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.ApiTokens.Add(token);
        db.AuditEntries.Add(AuditEntry.Of(AuditAction.ApiTokenCreated, createdBy, now, Describe(token)));
        await db.SaveChangesAsync(ct);
        return new CreatedApiToken(token, secret, null);
    }

    public async Task<IReadOnlyList<ApiToken>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ApiTokens.AsNoTracking().OrderByDescending(t => t.Id).ToListAsync(ct);
    }

    public async Task<bool> RevokeAsync(int id, AuditActor revokedBy, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var token = await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == id, ct);
        if (token is null || token.RevokedAt is not null)
            return false;
        token.RevokedAt = time.GetUtcNow();
        db.AuditEntries.Add(AuditEntry.Of(AuditAction.ApiTokenRevoked, revokedBy, token.RevokedAt.Value, Describe(token)));
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The active token with this secret, or why there is none. Records the use (to
    /// the minute, so a busy script does not write on every request).</summary>
    public async Task<(ApiToken? Token, string? Problem)> AuthenticateAsync(string secret, CancellationToken ct = default)
    {
        if (!secret.StartsWith(TokenPrefix, StringComparison.Ordinal) || secret.Length > 100)
            return (null, "The token is not an SmtpPortal API token.");
        var hash = Hash(secret);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var token = await db.ApiTokens.SingleOrDefaultAsync(t => t.TokenHash == hash, ct);
        var now = time.GetUtcNow();
        if (token is null)
            return (null, "The token is unknown.");
        if (token.RevokedAt is not null)
            return (null, "The token was revoked.");
        if (token.ExpiresAt <= now)
            return (null, "The token has expired.");
        if (token.LastUsedAt is null || now - token.LastUsedAt >= LastUsedPrecision)
        {
            token.LastUsedAt = now;
            await db.SaveChangesAsync(ct);
        }
        return (token, null);
    }

    public static string? CheckName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
            return L["NameIt"];
        if (Settings.InputRules.HasLineBreak(name))
            return Settings.InputRules.LineBreakMessage;
        return name.Trim().Length > MaxNameLength ? L["AtMost", MaxNameLength].Value : null;
    }

    private static AuditText Describe(ApiToken token) =>
        AuditText.Of("ApiToken", token.Name, string.Join(", ", ApiScopeNames.Names(token.Scopes)), AuditText.At(token.ExpiresAt));

    public static string Hash(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>A new token; <see cref="Secret"/> exists only here and is shown to the admin once.</summary>
public sealed record CreatedApiToken(ApiToken? Token, string? Secret, string? Problem)
{
    public bool Succeeded => Token is not null;
}
