using Microsoft.EntityFrameworkCore;
using SmtpPortal.Data;

namespace SmtpPortal.History;

/// <summary>The ways the stored SMTP password can leave the portal in clear text.</summary>
public static class SecretChannel
{
    public const string Export = "export";
    public const string Api = "API";
    public const string Cli = "CLI";
}

/// <summary>Records each time the stored SMTP password is handed out in clear text. Callers
/// record before they hand it out, so a reveal the log cannot hold does not happen.</summary>
public sealed class SecretReveals(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider time)
{
    /// <param name="channel">One of <see cref="SecretChannel"/>.</param>
    /// <param name="what">Which request or command revealed it ("GET /api/settings", "export env").</param>
    public async Task RecordAsync(AuditActor actor, string channel, string what, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.AuditEntries.Add(AuditEntry.Of(AuditAction.SecretRevealed, actor, time.GetUtcNow(),
            $"SMTP password shown in clear via {channel}: {what}"));
        await db.SaveChangesAsync(ct);
    }
}
