using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using SmtpPortal.Data;
using SmtpPortal.History;
using SmtpPortal.Security;

namespace SmtpPortal.OAuth;

/// <summary>Keeps the one OAuth2 sign-in. The refresh token and client secret are encrypted on
/// the way in (each under its own purpose) and only decrypted to talk to the token endpoint.</summary>
public sealed class OAuthGrantStore(IDbContextFactory<PortalDbContext> dbFactory, IDataProtectionProvider protection, TimeProvider time)
{
    private readonly SecretProtector _refreshTokens =
        SecretProtector.ForPurpose(protection, SecretProtector.OAuthRefreshTokenPurpose);
    private readonly SecretProtector _clientSecrets =
        SecretProtector.ForPurpose(protection, SecretProtector.OAuthClientSecretPurpose);

    public async Task<OAuthGrantSummary?> GetSummaryAsync(CancellationToken ct = default)
    {
        var grant = await GetAsync(ct);
        return grant is null ? null
            : new OAuthGrantSummary(grant.PresetId, grant.Account, grant.Tenant, grant.ClientId, grant.SignedInAt);
    }

    internal async Task<OAuthGrant?> GetAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.OAuthGrants.AsNoTracking().SingleOrDefaultAsync(ct);
    }

    /// <summary>Replaces any earlier sign-in with this one and records it in the audit log by
    /// provider and account; returns its id.</summary>
    internal async Task<Guid> SaveAsync(
        OAuthRegistration registration, string account, string refreshToken, AuditActor actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var grant = await db.OAuthGrants.SingleOrDefaultAsync(ct);
        var signedIn = AuditText.Of("OAuthSignedIn", registration.Endpoints.Provider, account, AuditText.Preset(registration.PresetId));
        var details = grant is null
            ? signedIn
            : AuditText.Of("OAuthSignedInReplacing", signedIn, grant.Account, AuditText.Preset(grant.PresetId));
        if (grant is null)
        {
            grant = new OAuthGrant();
            db.OAuthGrants.Add(grant);
        }
        grant.PresetId = registration.PresetId;
        grant.Account = account;
        grant.Tenant = registration.Tenant;
        grant.ClientId = registration.ClientId;
        grant.ProtectedClientSecret = registration.ClientSecret is null ? null : _clientSecrets.Protect(registration.ClientSecret);
        grant.ProtectedRefreshToken = _refreshTokens.Protect(refreshToken);
        grant.SignedInAt = time.GetUtcNow();
        grant.SignInId = Guid.NewGuid();
        db.AuditEntries.Add(AuditEntry.Of(AuditAction.OAuthSignedIn, actor, grant.SignedInAt, details));
        await db.SaveChangesAsync(ct);
        return grant.SignInId;
    }

    /// <summary>Stores the refresh token the provider rotated to (Microsoft issues a new one
    /// with every refresh), unless the admin signed in again meanwhile.</summary>
    internal async Task ReplaceRefreshTokenAsync(Guid signInId, string refreshToken, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var grant = await db.OAuthGrants.SingleOrDefaultAsync(ct);
        if (grant is null || grant.SignInId != signInId)
            return;
        grant.ProtectedRefreshToken = _refreshTokens.Protect(refreshToken);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Signs out: forgets the sign-in and records which one it was.</summary>
    public async Task<bool> RemoveAsync(AuditActor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var grants = await db.OAuthGrants.ToListAsync(ct);
        if (grants.Count == 0)
            return false;
        db.OAuthGrants.RemoveRange(grants);
        foreach (var grant in grants)
            db.AuditEntries.Add(AuditEntry.Of(AuditAction.OAuthSignInRemoved, actor, time.GetUtcNow(),
                AuditText.Of("OAuthSignInRemoved", grant.Account, AuditText.Preset(grant.PresetId))));
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The decrypted secrets, or null when the key ring that made them is gone.</summary>
    internal (string RefreshToken, string? ClientSecret)? Unprotect(OAuthGrant grant)
    {
        var refreshToken = _refreshTokens.TryUnprotect(grant.ProtectedRefreshToken);
        string? clientSecret = null;
        if (grant.ProtectedClientSecret is not null)
        {
            clientSecret = _clientSecrets.TryUnprotect(grant.ProtectedClientSecret);
            if (clientSecret is null)
                return null;
        }
        return refreshToken is null ? null : (refreshToken, clientSecret);
    }
}
