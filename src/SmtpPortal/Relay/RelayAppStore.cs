using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SmtpPortal.Data;
using SmtpPortal.History;
using SmtpPortal.Settings;

namespace SmtpPortal.Relay;

/// <summary>Creates, lists, revokes and checks the apps' relay logins: the one place their rules
/// live, for the Relay page, the API and the command line. A secret is 32 random letters and
/// digits, shown once; only its SHA-256 is stored (a fast hash is enough for a random secret of
/// 190 bits, and a slow one would sit in every app's login).</summary>
public sealed class RelayAppStore(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider time)
{
    public const int MaxNameLength = 100;
    public const int SecretLength = 32;
    public static readonly TimeSpan LastUsedPrecision = TimeSpan.FromMinutes(1);
    private const string SecretAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    public async Task<CreatedRelayApp> CreateAsync(string? name, string? allowedSenders, AuditActor createdBy, CancellationToken ct = default)
    {
        var nameProblem = CheckName(name);
        var (senders, sendersProblem) = SenderList.Parse(allowedSenders);
        if (nameProblem is not null || sendersProblem is not null)
            return new CreatedRelayApp(null, null, nameProblem, sendersProblem);

        var secret = RandomNumberGenerator.GetString(SecretAlphabet, SecretLength);
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var taken = await db.RelayApps.Select(a => a.UserName).ToListAsync(ct);
        var app = new RelayApp
        {
            Name = name!.Trim(),
            UserName = UniqueUserName(name, taken),
            SecretHash = Hash(secret),
            AllowedSenders = senders!.ToString(),
            CreatedAt = now,
            CreatedBy = createdBy.Name,
        };
        db.RelayApps.Add(app);
        db.AuditEntries.Add(AuditEntry.Of(AuditAction.RelayAppCreated, createdBy, now, Describe(app)));
        await db.SaveChangesAsync(ct);
        return new CreatedRelayApp(app, secret, null, null);
    }

    public async Task<IReadOnlyList<RelayApp>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.RelayApps.AsNoTracking().OrderBy(a => a.RevokedAt != null).ThenBy(a => a.Name).ToListAsync(ct);
    }

    /// <summary>An app by id or, for the command line, by user name.</summary>
    public async Task<RelayApp?> FindAsync(string idOrUserName, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return int.TryParse(idOrUserName, out var id)
            ? await db.RelayApps.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct)
            : await db.RelayApps.AsNoTracking().SingleOrDefaultAsync(a => a.UserName == idOrUserName.Trim().ToLowerInvariant(), ct);
    }

    /// <summary>Revoked logins stop working at once: the next AUTH fails, and a session already
    /// logged in is refused at its next MAIL FROM.</summary>
    public async Task<RelayProblem?> RevokeAsync(int id, AuditActor revokedBy, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var app = await db.RelayApps.SingleOrDefaultAsync(a => a.Id == id, ct);
        if (app is null)
            return new RelayProblem("AppNotFound");
        if (app.RevokedAt is not null)
            return new RelayProblem("AppAlreadyRevoked");
        app.RevokedAt = time.GetUtcNow();
        db.AuditEntries.Add(AuditEntry.Of(AuditAction.RelayAppRevoked, revokedBy, app.RevokedAt.Value, Describe(app)));
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>The app whose login this is, or why there is none. Records the use (to the minute).</summary>
    public async Task<(RelayApp? App, RelayRefusalKind? Refusal)> AuthenticateAsync(string userName, string secret, CancellationToken ct = default)
    {
        if (userName.Length > 200 || secret.Length > 200)
            return (null, RelayRefusalKind.WrongLogin);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var app = await db.RelayApps.SingleOrDefaultAsync(a => a.UserName == userName.ToLowerInvariant(), ct);
        if (app is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(app.SecretHash), Encoding.ASCII.GetBytes(Hash(secret))))
            return (null, RelayRefusalKind.WrongLogin);
        if (!app.IsActive)
            return (null, RelayRefusalKind.RevokedLogin);
        var now = time.GetUtcNow();
        if (app.LastUsedAt is null || now - app.LastUsedAt >= LastUsedPrecision)
        {
            app.LastUsedAt = now;
            await db.SaveChangesAsync(ct);
        }
        return (app, null);
    }

    /// <summary>The app as it is now (a session re-reads it for every message, so that a
    /// revocation or a changed sender list applies at once).</summary>
    public async Task<RelayApp?> GetAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.RelayApps.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct);
    }

    public static RelayProblem? CheckName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
            return new RelayProblem("NameMissing");
        if (InputRules.HasLineBreak(name) || name.Any(char.IsControl))
            return new RelayProblem("NameLineBreak");
        return name.Trim().Length > MaxNameLength ? new RelayProblem("NameTooLong", MaxNameLength) : null;
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>The name in lowercase ASCII letters, digits and hyphens ("WordPress blog" →
    /// "wordpress-blog"; a name without such letters → "app"), made unique with a number.</summary>
    internal static string UniqueUserName(string name, IReadOnlyCollection<string> taken)
    {
        var slug = new StringBuilder();
        foreach (var c in name.Trim().ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
                slug.Append(c);
            else if (slug.Length > 0 && slug[^1] != '-')
                slug.Append('-');
        }
        var stem = slug.ToString().Trim('-');
        stem = stem.Length == 0 ? "app" : stem[..Math.Min(stem.Length, 32)].TrimEnd('-');
        var candidate = stem;
        for (var n = 2; taken.Contains(candidate); n++)
            candidate = $"{stem}-{n}";
        return candidate;
    }

    private static string Describe(RelayApp app) =>
        $"{app.Name} (user name {app.UserName}; may send as {string.Join(", ", app.Senders.Entries)})";
}

/// <summary>A new login; <see cref="Secret"/> exists only here and is shown to the admin once.</summary>
public sealed record CreatedRelayApp(RelayApp? App, string? Secret, RelayProblem? NameProblem, RelayProblem? SendersProblem)
{
    public bool Succeeded => App is not null;
}
