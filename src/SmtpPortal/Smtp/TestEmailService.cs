using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SmtpPortal.Data;
using SmtpPortal.History;
using SmtpPortal.Hosting;
using SmtpPortal.OAuth;
using SmtpPortal.Providers;
using SmtpPortal.Settings;
using SmtpPortal.Smtp.Diagnostics;

namespace SmtpPortal.Smtp;

/// <summary>How one run went, with the advice for it and the settings revision it ran with (a
/// one-click fix applies only to those settings).</summary>
public sealed record DiagnosticRun(SendOutcome Outcome, SmtpAdvice? Advice, int? SettingsRevision);

/// <summary>Sends a test email (or only checks the connection) with the stored settings and
/// records how it went.</summary>
public sealed class TestEmailService(
    OAuthSmtpConnections connections,
    TestEmailSender sender,
    ProviderCatalog catalog,
    IDbContextFactory<PortalDbContext> dbFactory,
    IOptions<SmtpPortalOptions> options,
    TimeProvider time,
    ILogger<TestEmailService> logger)
{
    /// <param name="actor">Who sends and from where, for the History page.</param>
    public async Task<SendOutcome> SendAsync(string? recipient, string adminName, CancellationToken cancel, AuditActor? actor = null) =>
        (await RunAsync(TestRunKind.Send, recipient, adminName, null, cancel, actor)).Outcome;

    public Task<DiagnosticRun> RunAsync(
        TestRunKind kind, string? recipient, string adminName, IProgress<StageReport>? progress, CancellationToken cancel,
        AuditActor? actor = null) =>
        RunCoreAsync(kind, kind == TestRunKind.Check ? "" : recipient, actor ?? new AuditActor(adminName, null), progress, cancel);

    private async Task<DiagnosticRun> RunCoreAsync(
        TestRunKind kind, string? recipient, AuditActor actor, IProgress<StageReport>? progress, CancellationToken cancel)
    {
        var startedAt = time.GetUtcNow();
        var recipientProblem = kind == TestRunKind.Send ? InputRules.CheckEmail(recipient, AddressRole.Recipient) : null;
        SendOutcome outcome;
        SmtpSettings? settings = null;
        if (recipientProblem is not null)
        {
            outcome = SendOutcome.Failed(SmtpFailureCategory.InvalidRecipient, recipientProblem);
        }
        else
        {
            (settings, var connection, var problem) = await connections.GetConnectionAsync(cancel);
            var deadline = options.Value.SendTimeout;
            outcome = OAuthSmtpConnections.Explain(problem ?? (kind == TestRunKind.Check
                ? await sender.CheckAsync(connection!, deadline, cancel, progress)
                : await sender.SendAsync(connection!, BuildMessage(settings!, recipient!, startedAt), deadline, cancel, progress)), connection);
        }

        logger.LogInformation("Test {Kind} to {Recipient} by {Admin}: {Category} in {ElapsedMs} ms",
            kind, recipient, actor.Name, outcome.Category, (long)outcome.Elapsed.TotalMilliseconds);
        await RecordAsync(kind, outcome, recipient ?? "", actor, startedAt);
        var advice = settings is null ? null
            : FailureAdvisor.Advise(outcome, settings.Port, settings.Security, catalog.FindOrCustom(settings.PresetId));
        return new DiagnosticRun(outcome, advice, settings?.Revision);
    }

    public async Task<TestRun?> GetLatestAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.TestRuns.AsNoTracking().OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
    }

    /// <summary>The last test email that the server accepted ("last successful send").</summary>
    public async Task<TestRun?> GetLastSuccessfulSendAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.TestRuns.AsNoTracking()
            .Where(r => r.Succeeded && r.Kind == TestRunKind.Send)
            .OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
    }

    /// <summary>The test email speaks the language of the admin who sends it (the UI language at
    /// the time of the test; English from the API and the command line).</summary>
    internal static TestMessage BuildMessage(SmtpSettings settings, string recipient, DateTimeOffset sentAt) => new(
        settings.FromAddress, settings.FromName, settings.ReplyTo, recipient, L["Subject"],
        L["Body", settings.Host, settings.Port, settings.Security.DescribeForUi(), settings.Username ?? L["NoLogin"], sentAt.ToString("u")]);

    private static readonly Microsoft.Extensions.Localization.IStringLocalizer L =
        Localization.StaticLocalizer.For(typeof(TestEmailService));

    private async Task RecordAsync(TestRunKind kind, SendOutcome outcome, string recipient, AuditActor actor, DateTimeOffset startedAt)
    {
        // Recorded even when the admin cancelled: the history must show every attempt.
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        db.TestRuns.Add(new TestRun
        {
            StartedAt = startedAt,
            AdminName = actor.Name,
            Recipient = Truncate(recipient, 320),
            Succeeded = outcome.Succeeded,
            Category = outcome.Category,
            ReplyCode = outcome.ReplyCode,
            Summary = Truncate(outcome.Summary, 1000),
            ServerReply = outcome.ServerReply is null ? null : Truncate(outcome.ServerReply, 2000),
            DurationMs = (long)outcome.Elapsed.TotalMilliseconds,
            Kind = kind,
            Transcript = outcome.Transcript.Length == 0 ? null : outcome.Transcript,
        });
        // Tests are part of the audit trail too; one History table answers "who did what".
        // The result as a message: History shows it in each viewer's language, Details in English.
        var result = outcome.SummaryMessage ?? outcome.Summary;
        db.AuditEntries.Add(AuditEntry.Of(
            (kind, outcome.Succeeded) switch
            {
                (TestRunKind.Check, true) => AuditAction.ConnectionChecked,
                (TestRunKind.Check, false) => AuditAction.ConnectionCheckFailed,
                (_, true) => AuditAction.TestSent,
                _ => AuditAction.TestFailed,
            },
            actor, startedAt, kind == TestRunKind.Check ? result : AuditText.Of("TestTo", recipient, result)));
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
