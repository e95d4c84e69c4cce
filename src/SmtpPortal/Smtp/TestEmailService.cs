using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MimeKit;
using SmtpPortal.Data;
using SmtpPortal.History;
using SmtpPortal.Hosting;
using SmtpPortal.Providers;
using SmtpPortal.Settings;
using SmtpPortal.Smtp.Diagnostics;

namespace SmtpPortal.Smtp;

/// <summary>How one run went, the preset its advice comes from, and the settings revision it ran
/// with (a one-click fix applies only to those settings; null for settings not stored yet).</summary>
public sealed record TestRunResult(SendOutcome Outcome, ProviderPreset Preset, int? SettingsRevision)
{
    public bool Succeeded => Outcome.Succeeded;
    public SmtpDiagnosis Diagnosis => Outcome.Diagnosis;
}

/// <summary>
/// Every run against the mail server goes through here, whoever asks (page, API, command line):
/// the recipient rule, the per-minute cap (<see cref="TestQuota"/>), the connection from the one
/// sending seam (<see cref="SmtpConnections"/>), the run itself, and its record (the Dashboard's
/// newest result, and History).
/// </summary>
public sealed class TestEmailService(
    SmtpConnections connections,
    SmtpSender sender,
    TestQuota quota,
    ProviderCatalog catalog,
    DiagnosisText texts,
    IStringLocalizer<TestEmailService> text,
    IDbContextFactory<PortalDbContext> dbFactory,
    IOptions<SmtpPortalOptions> options,
    TimeProvider time,
    ILogger<TestEmailService> logger)
{
    /// <summary>A real test email to <paramref name="recipient"/> with the stored settings.</summary>
    public async Task<TestRunResult> SendAsync(
        string? recipient, Requester requester, IProgress<StageReport>? progress, CancellationToken ct)
    {
        if (InputRules.CheckEmail(recipient, AddressRole.Recipient) is { } problem)
            return Refused(SmtpDiagnosis.Of(SmtpFailureCategory.InvalidRecipient, new SmtpEvidence { Detail = problem }));
        return await RunAsync(TestRunKind.Send, recipient, requester, progress,
            connections.ForStoredSettingsAsync, ct);
    }

    /// <summary>"Check connection": log in with the stored settings and quit, no message.</summary>
    public Task<TestRunResult> CheckAsync(Requester requester, IProgress<StageReport>? progress, CancellationToken ct) =>
        RunAsync(TestRunKind.Check, null, requester, progress, connections.ForStoredSettingsAsync, ct);

    /// <summary>Settings not stored yet, checked before they are: new settings (kind SaveCheck)
    /// or the saved destination with a new password (kind Rotation, optionally with a test email).</summary>
    internal Task<TestRunResult> CheckCandidateAsync(
        TestRunKind kind, SmtpSettings candidate, string? password, string? recipient, Requester requester, CancellationToken ct) =>
        RunAsync(kind, recipient, requester, null, token => connections.ForCandidateAsync(candidate, password, token), ct);

    /// <summary>The saved destination with the password kept for rollback, checked before going back to it.</summary>
    internal Task<TestRunResult> CheckPreviousPasswordAsync(SmtpSettings stored, Requester requester, CancellationToken ct) =>
        RunAsync(TestRunKind.Rotation, null, requester, null, _ => Task.FromResult(connections.ForPreviousPassword(stored)), ct);

    private async Task<TestRunResult> RunAsync(TestRunKind kind, string? recipient, Requester requester,
        IProgress<StageReport>? progress, Func<CancellationToken, Task<SendingConnection>> connect, CancellationToken ct)
    {
        if (await quota.TakeAsync(requester, ct) is { } wait)
            return Refused(SmtpDiagnosis.Of(SmtpFailureCategory.RateLimited, new SmtpEvidence
            {
                PerMinute = quota.PerMinute, RetryAfterSeconds = SmtpEvidence.WholeSeconds(wait),
            }));

        var startedAt = time.GetUtcNow();
        var (settings, connection, problem) = await connect(ct);
        var outcome = problem is not null ? new SendOutcome(problem)
            : recipient is null ? await sender.CheckAsync(connection!, options.Value.SendTimeout, progress, ct)
            : await sender.SendAsync(connection!, TestMessage(settings!, recipient, startedAt), options.Value.SendTimeout, progress, ct);

        // Logged in people's words (a run that worked is "succeeded", not the category "None").
        var summary = EnglishText.Render(() => texts.Summary(outcome.Diagnosis));
        logger.LogInformation("Test {Kind} to {Recipient} by {Admin}: {Result} in {ElapsedMs} ms",
            kind, recipient, requester.Actor.Name, outcome.Succeeded ? "succeeded" : $"failed ({outcome.Category}): {summary}",
            (long)outcome.Elapsed.TotalMilliseconds);
        // A fix applies only to stored settings: a candidate's run has no revision.
        var revision = kind is TestRunKind.Send or TestRunKind.Check ? settings?.Revision : null;
        await RecordAsync(kind, outcome, summary, EnglishText.Bilingual(() => texts.Summary(outcome.Diagnosis)),
            recipient ?? "", requester.Actor, startedAt, revision);
        return new TestRunResult(outcome, catalog.FindOrCustom(settings?.PresetId), revision);
    }

    private TestRunResult Refused(SmtpDiagnosis diagnosis) => new(new SendOutcome(diagnosis), catalog.Custom, null);

    public async Task<TestRun?> GetLatestAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.TestRuns.AsNoTracking().OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
    }

    /// <summary>The last test email that the server accepted ("last successful send").</summary>
    public async Task<TestRun?> GetLastSuccessfulSendAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.TestRuns.AsNoTracking()
            .Where(r => r.Succeeded && r.Kind == TestRunKind.Send)
            .OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
    }

    /// <summary>The test email, in the language of whoever runs the test.</summary>
    internal OutgoingMessage TestMessage(SmtpSettings settings, string recipient, DateTimeOffset sentAt)
    {
        var mime = new MimeMessage { Subject = text["Subject"] };
        mime.From.Add(new MailboxAddress(settings.FromName ?? "", settings.FromAddress));
        mime.To.Add(MailboxAddress.Parse(recipient));
        if (!string.IsNullOrWhiteSpace(settings.ReplyTo))
            mime.ReplyTo.Add(MailboxAddress.Parse(settings.ReplyTo));
        mime.Body = new TextPart("plain")
        {
            Text = text["Body", settings.Host, settings.Port, texts.Mode(settings.Security),
                settings.Username ?? text["NoLogin"], sentAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture)],
        };
        return OutgoingMessage.FromHeaders(mime);
    }

    private async Task RecordAsync(TestRunKind kind, SendOutcome outcome, string summary, AuditText result, string recipient, AuditActor actor,
        DateTimeOffset startedAt, int? revision)
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
            ReplyCode = outcome.Evidence.ReplyCode,
            Summary = Truncate(summary, 1000),
            ServerReply = outcome.Evidence.ServerReply is { } reply ? Truncate(reply, 2000) : null,
            DurationMs = (long)outcome.Elapsed.TotalMilliseconds,
            Kind = kind,
            Transcript = outcome.Transcript.Length == 0 ? null : outcome.Transcript,
            Evidence = TestRun.ToJson(outcome.Evidence),
            SettingsRevision = revision,
        });
        // Explicit tests are History entries of their own; a rotation and a save write theirs.
        var action = (kind, outcome.Succeeded) switch
        {
            (TestRunKind.Check, true) => AuditAction.ConnectionChecked,
            (TestRunKind.Check or TestRunKind.SaveCheck, false) => AuditAction.ConnectionCheckFailed,
            (TestRunKind.Send, true) => AuditAction.TestSent,
            (TestRunKind.Send, false) => AuditAction.TestFailed,
            _ => (AuditAction?)null,
        };
        if (action is { } recorded)
            db.AuditEntries.Add(AuditEntry.Of(recorded, actor, startedAt, kind switch
            {
                TestRunKind.Send => AuditText.Of("TestTo", recipient, result),
                TestRunKind.SaveCheck => AuditText.Of("SaveCheckNotSaved", result),
                _ => result,
            }));
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
