using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmtpPortal.Data;
using SmtpPortal.Hosting;
using SmtpPortal.OAuth;
using SmtpPortal.Settings;

namespace SmtpPortal.Smtp;

/// <summary>Sends a test email with the stored settings and records how it went.</summary>
public sealed class TestEmailService(
    OAuthSmtpConnections connections,
    TestEmailSender sender,
    IDbContextFactory<PortalDbContext> dbFactory,
    IOptions<SmtpPortalOptions> options,
    TimeProvider time,
    ILogger<TestEmailService> logger)
{
    public const string Subject = "SmtpPortal test email";

    public async Task<SendOutcome> SendAsync(string? recipient, string adminName, CancellationToken cancel)
    {
        var startedAt = time.GetUtcNow();
        var recipientProblem = InputRules.CheckEmail(recipient, "the recipient");
        SendOutcome outcome;
        if (recipientProblem is not null)
        {
            outcome = SendOutcome.Failed(SmtpFailureCategory.InvalidRecipient, recipientProblem);
        }
        else
        {
            var (settings, connection, problem) = await connections.GetConnectionAsync(cancel);
            outcome = OAuthSmtpConnections.Explain(problem ?? await sender.SendAsync(
                connection!, BuildMessage(settings!, recipient!, startedAt), options.Value.SendTimeout, cancel), connection);
        }

        logger.LogInformation("Test email to {Recipient} by {Admin}: {Category} in {ElapsedMs} ms",
            recipient, adminName, outcome.Category, (long)outcome.Elapsed.TotalMilliseconds);
        await RecordAsync(outcome, recipient ?? "", adminName, startedAt);
        return outcome;
    }

    public async Task<TestRun?> GetLatestAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.TestRuns.AsNoTracking().OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
    }

    private static TestMessage BuildMessage(SmtpSettings settings, string recipient, DateTimeOffset sentAt) => new(
        settings.FromAddress, settings.FromName, settings.ReplyTo, recipient, Subject,
        $"""
        This is a test email from SmtpPortal.

        If you can read it, this server can send mail:
          server:   {settings.Host}:{settings.Port} ({settings.Security.Describe()})
          login:    {settings.Username ?? "(none)"}
          sent at:  {sentAt:u}
        """);

    private async Task RecordAsync(SendOutcome outcome, string recipient, string adminName, DateTimeOffset startedAt)
    {
        // Recorded even when the admin cancelled: the history must show every attempt.
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        db.TestRuns.Add(new TestRun
        {
            StartedAt = startedAt,
            AdminName = adminName,
            Recipient = Truncate(recipient, 320),
            Succeeded = outcome.Succeeded,
            Category = outcome.Category,
            ReplyCode = outcome.ReplyCode,
            Summary = Truncate(outcome.Summary, 1000),
            ServerReply = outcome.ServerReply is null ? null : Truncate(outcome.ServerReply, 2000),
            DurationMs = (long)outcome.Elapsed.TotalMilliseconds,
        });
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
