using SmtpPortal.History;
using SmtpPortal.Providers;
using SmtpPortal.Smtp;

namespace SmtpPortal.Settings;

public sealed record SaveResult(
    SmtpSettings? Settings, IReadOnlyDictionary<string, string> Errors, bool IsConflict,
    IReadOnlyList<AuditEntry>? ChangedMeanwhile = null)
{
    public bool Succeeded => Settings is not null;

    /// <summary>What the rules have to say without refusing: a secret SmtpPortal tidied up, a
    /// password of an unusual shape, a From the provider will reject or rewrite.</summary>
    public IReadOnlyList<ShapeFinding> Notices { get; init; } = [];

    /// <summary>The test of the new password or destination that ran before saving; when it
    /// failed, nothing was stored.</summary>
    public TestRunResult? Test { get; init; }

    public bool TestFailed => Test is { Succeeded: false };

    /// <summary>Why a certificate was not trusted (nothing stored).</summary>
    public CertificateTrustProblem? TrustRefused { get; init; }

    public static SaveResult Saved(SmtpSettings settings) => new(settings, new Dictionary<string, string>(), false);
    public static SaveResult Invalid(Dictionary<string, string> errors) => new(null, errors, false);

    /// <summary>Someone saved since the form was loaded; <paramref name="changedMeanwhile"/> says
    /// who changed what (secrets as "password changed").</summary>
    public static SaveResult Conflict(IReadOnlyList<AuditEntry> changedMeanwhile) =>
        new(null, new Dictionary<string, string>(), true, changedMeanwhile);

    public static SaveResult NotTested(TestRunResult test, IReadOnlyList<ShapeFinding> notices) =>
        new(null, new Dictionary<string, string>(), false) { Test = test, Notices = notices };
}

/// <summary>What saving an input would do (see SmtpSettingsStore.PlanAsync): refused, or the
/// settings and password as they would be stored, and whether they must be tested first.</summary>
public sealed record SavePlan(
    SaveResult? Refusal, SmtpSettings Candidate, string? Password, bool NeedsTest, IReadOnlyList<ShapeFinding> Notices)
{
    public static SavePlan Refused(SaveResult refusal) => new(refusal, new SmtpSettings(), null, false, refusal.Notices);
}

/// <summary>What happened about testing before a save, for History.</summary>
public enum SaveTest
{
    /// <summary>Nothing asked for a test (the store used directly, or nothing to test).</summary>
    NotRun,
    Passed,

    /// <summary>The admin chose "save without testing" (a server this machine cannot reach yet).</summary>
    SkippedByAdmin,
}

public enum CertificateTrustProblem
{
    NotAFingerprint,

    /// <summary>No failed run with the current settings saw this certificate.</summary>
    NotSeen,
    Revoked,
}

/// <summary>The stored settings with the password in clear (already recorded as revealed), or
/// why there is none.</summary>
public sealed record RevealedSettings(SmtpSettings? Settings, string? Password, bool PasswordUnreadable);
