using SmtpPortal.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using SmtpPortal.Data;
using SmtpPortal.History;

namespace SmtpPortal.Hosting;

public static class BackupHostingExtensions
{
    /// <summary>The policy both backup endpoints require: a signed-in admin who re-entered the
    /// password a moment ago, since a backup can decrypt every stored secret.</summary>
    public const string BackupPolicy = "SmtpPortal.Backup";

    public static WebApplicationBuilder AddBackup(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(BackupPolicy, policy => policy.RequireAuthenticatedUser()
                .AddRequirements(new RecentReauthentication.Requirement()));
        return builder;
    }

    /// <summary>Download and restore are POSTs with an antiforgery token: another site can
    /// neither pull the backup (it holds the key ring) nor push one. Both check the token
    /// themselves: the antiforgery middleware only rejects endpoints that bind a form.</summary>
    public static WebApplication MapBackupEndpoints(this WebApplication app)
    {
        app.MapPost("/backup/download", async (HttpContext http, PortalBackup backup, IAntiforgery antiforgery) =>
            {
                if (!await antiforgery.IsRequestValidAsync(http))
                    return Results.BadRequest();
                // Buffered: ZipArchive finishes with synchronous writes, which Kestrel refuses.
                var zip = new MemoryStream();
                await backup.WriteAsync(zip, ActorOf(http), http.RequestAborted);
                zip.Position = 0;
                http.Response.Headers.CacheControl = "no-store";
                return Results.File(zip, "application/zip", backup.FileName());
            })
            .RequireAuthorization(BackupPolicy);

        app.MapPost("/backup/restore", async (HttpContext http, PortalBackup backup, IAntiforgery antiforgery) =>
            {
                // Checked before the form is read: an upload without a valid token is refused
                // without touching its body.
                if (!await antiforgery.IsRequestValidAsync(http))
                    return Results.BadRequest();
                var outcome = RestoreOutcome.NoFile;
                if ((await http.Request.ReadFormAsync(http.RequestAborted)).Files.GetFile("file") is { Length: > 0 } file)
                {
                    await using var upload = file.OpenReadStream();
                    outcome = await backup.RestoreAsync(upload, ActorOf(http), http.RequestAborted);
                }
                // Only the outcome's name travels in the URL; the page words it.
                return Results.LocalRedirect($"/backup?restore={outcome}");
            })
            .RequireAuthorization(BackupPolicy);
        return app;
    }

    private static AuditActor ActorOf(HttpContext http) =>
        new(http.User.Identity?.Name ?? AuditActor.Unknown.Name, http.Connection.RemoteIpAddress?.ToString());
}
