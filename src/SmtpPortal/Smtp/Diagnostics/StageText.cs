using System.Globalization;
using Microsoft.Extensions.Localization;

namespace SmtpPortal.Smtp.Diagnostics;

/// <summary>The words for stages: their names, their states and what each found, in the reader's
/// language (the page) or in English (the command line, the API).</summary>
public sealed class StageText(IStringLocalizer<StageText> text)
{
    public string Title(SmtpStage stage) => stage switch
    {
        SmtpStage.Resolve => text["Resolve"],
        SmtpStage.Connect => text["Connect"],
        SmtpStage.Tls => text["Tls"],
        SmtpStage.Greeting => text["Greeting"],
        SmtpStage.Ehlo => text["Ehlo"],
        SmtpStage.StartTls => text["StartTls"],
        SmtpStage.Auth => text["Auth"],
        SmtpStage.Message => text["Message"],
        SmtpStage.Quit => text["Quit"],
        _ => stage.ToString(),
    };

    public string State(StageState state) => state switch
    {
        StageState.Pending => text["Pending"],
        StageState.Running => text["Running"],
        StageState.Ok => text["Ok"],
        StageState.Failed => text["Failed"],
        _ => text["Skipped"],
    };

    /// <summary>What the stage found, in one line; null when it found nothing worth saying.</summary>
    public string? Describe(StageReport report)
    {
        if (report.Facts is not { } facts)
            return null;
        return report.Stage switch
        {
            SmtpStage.Resolve when facts.Addresses is { Count: > 0 } addresses => string.Join(", ", addresses),
            SmtpStage.Connect when facts.Endpoint is { } endpoint => text["ConnectedTo", endpoint],
            SmtpStage.Greeting or SmtpStage.Message when facts.ServerSaid is { } said => text["ServerSaid", said],
            SmtpStage.Ehlo => text["EhloOffers", facts.ServerSaid ?? "?", List(facts.Extensions), List(facts.AuthMechanisms)],
            SmtpStage.Tls => Tls(facts),
            SmtpStage.Auth => text["AuthUsed", List(facts.AuthMechanisms), facts.UsedMechanism ?? "?"],
            _ => null,
        };
    }

    private string Tls(StageFacts facts)
    {
        var session = text["TlsSession", facts.TlsProtocol ?? "?", facts.Cipher ?? "?"];
        if (facts.Certificate is not { } cert)
            return session;
        var verdict = cert.Problems == CertificateProblem.None ? text["Verified"]
            : cert.TrustedByPin ? text["TrustedByPin"]
            : text["NotVerified"];
        var revocation = cert.Revocation switch
        {
            RevocationStatus.Good => text["NotRevoked"],
            RevocationStatus.Revoked => text["Revoked"],
            RevocationStatus.CouldNotBeChecked => text["RevocationUnknown"],
            _ => text["RevocationNotChecked"],
        };
        return string.Join("; ",
            session,
            text["CertificateSubject", cert.Subject],
            text["CertificateIssuer", cert.Issuer],
            text["ValidUntil", cert.NotAfter.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)],
            verdict, revocation,
            text["Fingerprint", cert.Fingerprint]);
    }

    private string List(IReadOnlyList<string>? items) => items is { Count: > 0 } ? string.Join(", ", items) : text["Nothing"];
}
