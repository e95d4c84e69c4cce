using SmtpPortal.Smtp;

namespace SmtpPortal.Settings;

/// <summary>Whether a save tests a new password or destination against the server first.</summary>
public enum SaveTesting
{
    /// <summary>The default everywhere: a changed password or destination logs in before it is stored.</summary>
    TestFirst,

    /// <summary>Chosen explicitly, for a server this machine cannot reach yet; History records the choice.</summary>
    WithoutTesting,
}

/// <summary>
/// How the page, the API and the command line save settings: the store's rules, then, when the
/// password or the destination (host, port, security, username) changes, a connection check of
/// exactly what would be stored, and only when it passes, the store. Otherwise mail would stay
/// broken from the save until someone ran a test. Saving without the test is a choice History records.
/// </summary>
public sealed class SmtpSettingsEditor(SmtpSettingsStore store, TestEmailService tests)
{
    public async Task<SaveResult> SaveAsync(
        SmtpSettingsInput input, int? expectedRevision, SaveTesting testing, Requester requester, CancellationToken ct)
    {
        var plan = await store.PlanAsync(input, expectedRevision, ct);
        if (plan.Refusal is { } refusal)
            return refusal;
        if (!plan.NeedsTest)
            return await store.SaveAsync(input, expectedRevision, requester.Actor, SaveTest.NotRun, ct);
        if (testing == SaveTesting.WithoutTesting)
            return await store.SaveAsync(input, expectedRevision, requester.Actor, SaveTest.SkippedByAdmin, ct);

        var test = await tests.CheckCandidateAsync(TestRunKind.SaveCheck, plan.Candidate, plan.Password, null, requester, ct);
        if (!test.Succeeded)
            return SaveResult.NotTested(test, plan.Notices);
        // The password as the check used it (shape-normalised) is the one stored.
        var saved = await store.SaveAsync(input, expectedRevision, requester.Actor, SaveTest.Passed, ct);
        return saved with { Test = test };
    }
}
