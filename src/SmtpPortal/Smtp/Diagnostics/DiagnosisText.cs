using System.Globalization;
using Microsoft.Extensions.Localization;
using SmtpPortal.Providers;

namespace SmtpPortal.Smtp.Diagnostics;

public enum QuickFixKind
{
    SwitchSecurity,
    TrustCertificate,
}

/// <summary>A change SmtpPortal can make for the admin with one click.</summary>
public sealed record QuickFix(QuickFixKind Kind, string Label, SecurityMode? Security = null, int? Port = null, string? CertificateSha256 = null);

/// <summary>A diagnosis in words: the one-line summary, what happened, how to fix it (with a
/// one-click fix where there is one) and the details behind it (certificate, library text).</summary>
public sealed record DiagnosisReport(string Summary, string? Explanation, string? Fix, QuickFix? QuickFix, IReadOnlyList<string> Details);

/// <summary>
/// The one renderer of diagnoses: every word the page, the API, the command line and History
/// show about a run comes from here, chosen by category and evidence (never by searching text),
/// with provider-specific advice from <see cref="ProviderAdvice"/>. Renders in the current UI
/// language; machine-facing callers wrap it in <see cref="EnglishText.Render{T}"/>.
/// </summary>
public sealed class DiagnosisText(IStringLocalizer<DiagnosisText> text, StageText stages, ProviderAdvice advice)
{
    public string Mode(SecurityMode mode) => mode switch
    {
        SecurityMode.SslOnConnect => "SSL/TLS",
        SecurityMode.StartTls => "STARTTLS",
        _ => text["ModeNone"],
    };

    public DiagnosisReport Render(SmtpDiagnosis diagnosis, ProviderPreset preset)
    {
        var e = diagnosis.Evidence;
        var (explanation, fix, quick) = diagnosis.Succeeded ? Success(e) : Advice(diagnosis, preset);
        return new DiagnosisReport(Summary(diagnosis), explanation, fix, quick, Details(e));
    }

    /// <summary>The one line a run is remembered by (Dashboard, History, the command line).</summary>
    public string Summary(SmtpDiagnosis diagnosis)
    {
        var e = diagnosis.Evidence;
        var host = e.Host ?? "?";
        var port = e.Port ?? 0;
        var seconds = Seconds(e.Deadline);
        return diagnosis.Category switch
        {
            SmtpFailureCategory.None when e.Recipient is { } to => text["Sent", to],
            SmtpFailureCategory.None => (e.Security == SecurityMode.None, e.LoggedIn) switch
            {
                (false, true) => text["CheckOk", host, port, Mode(e.Security ?? SecurityMode.StartTls)],
                (false, false) => text["CheckOkNoLogin", host, port, Mode(e.Security ?? SecurityMode.StartTls)],
                (true, true) => text["CheckOkPlain", host, port],
                (true, false) => text["CheckOkPlainNoLogin", host, port],
            },
            SmtpFailureCategory.NotConfigured when e.Host is null => text["NotConfigured"],
            SmtpFailureCategory.NotConfigured => text["NoPassword"],
            SmtpFailureCategory.PasswordUnreadable => text["PasswordUnreadable"],
            SmtpFailureCategory.InvalidRecipient => e.Detail ?? text["InvalidRecipient"],
            SmtpFailureCategory.Cancelled => text["Cancelled"],
            SmtpFailureCategory.RateLimited => text["RateLimited", e.PerMinute ?? 0, e.RetryAfterSeconds ?? 60],
            SmtpFailureCategory.Timeout => e.Stage switch
            {
                SmtpStage.Resolve or SmtpStage.Connect or null => text["TimeoutConnect", host, port, seconds],
                SmtpStage.Tls => text["TimeoutTls", host, port, seconds],
                _ => text["TimeoutStage", host, stages.Title(e.Stage.Value), seconds],
            },
            SmtpFailureCategory.NoGreeting => text["NoGreeting", host, port, Seconds(e.Waited ?? e.Deadline)],
            SmtpFailureCategory.GreetingIncomplete => text["GreetingIncomplete", host, port, e.GreetingBytes ?? 0, Seconds(e.Waited ?? e.Deadline)],
            SmtpFailureCategory.Dns => text["Dns", host],
            SmtpFailureCategory.ConnectionRefused => text["ConnectionRefused", host, port],
            SmtpFailureCategory.NetworkUnreachable => text["NetworkUnreachable", host],
            SmtpFailureCategory.TlsMismatch => text["TlsMismatch", port, Mode(Other(e.Security)), Mode(e.Security ?? SecurityMode.StartTls)],
            SmtpFailureCategory.Certificate => text["Certificate", CertificateProblems(e)],
            SmtpFailureCategory.StartTlsNotOffered => text["StartTlsNotOffered", host],
            SmtpFailureCategory.StartTlsRefused => text["StartTlsRefused", host, e.ReplyCode ?? 454],
            SmtpFailureCategory.ReplyTooLong => text["ReplyTooLong", e.ReplyLines ?? 0, e.ReplyBytes ?? 0, StageTitle(e)],
            SmtpFailureCategory.AuthenticationNotOffered => text["AuthNotOffered", host],
            SmtpFailureCategory.AuthenticationRequired => text["AuthRequired"],
            SmtpFailureCategory.AuthenticationFailed => text["AuthFailed"],
            SmtpFailureCategory.SenderRejected => text["SenderRejected"],
            SmtpFailureCategory.RecipientRejected => text["RecipientRejected", e.Recipient ?? "?"],
            SmtpFailureCategory.MessageRejected => text["MessageRejected", e.ReplyCode ?? 0],
            SmtpFailureCategory.Temporary => text["Temporary", e.ReplyCode ?? 0],
            SmtpFailureCategory.ConnectionLost => text["ConnectionLost", host, StageTitle(e)],
            SmtpFailureCategory.DeliveryUnknown => text["DeliveryUnknown"],
            SmtpFailureCategory.Utf8AddressNotSupported => text["Utf8Address", e.Address ?? "?"],
            SmtpFailureCategory.OAuthSignInRequired or SmtpFailureCategory.OAuthClientRejected or SmtpFailureCategory.OAuthUnavailable =>
                OAuthSummary(e),
            _ => text["Unknown", e.ReplyCode?.ToString(CultureInfo.InvariantCulture) ?? e.Detail ?? "?"],
        };
    }

    /// <summary>A run that worked can still deserve a word: without encryption, say so.</summary>
    private (string?, string?, QuickFix?) Success(SmtpEvidence e)
    {
        if (e.Security != SecurityMode.None)
            return (null, null, null);
        if (e.OffersStartTls == true)
            return (text["PlainExplained"], text["PlainOffersStartTls"], SwitchTo(SecurityMode.StartTls, e.Port));
        return (text["PlainExplained"], text["PlainOnlyLocal"], null);
    }

    private (string?, string?, QuickFix?) Advice(SmtpDiagnosis diagnosis, ProviderPreset preset)
    {
        var e = diagnosis.Evidence;
        var port = e.Port ?? 0;
        var mode = e.Security ?? SecurityMode.StartTls;
        var provider = advice.For(preset.Id);
        var statusAdvice = advice.ForStatus(e.EnhancedStatus)?.Text;
        return diagnosis.Category switch
        {
            SmtpFailureCategory.NotConfigured or SmtpFailureCategory.PasswordUnreadable => (null, text["FixEnterPassword"], null),
            SmtpFailureCategory.Cancelled => (text["CancelledExplained"], text["CancelledFix"], null),
            SmtpFailureCategory.RateLimited => (text["RateLimitedExplained"], text["RateLimitedFix"], null),
            SmtpFailureCategory.Dns => (text["DnsExplained"], text["DnsFix", PresetHost(preset)], null),
            SmtpFailureCategory.ConnectionRefused => (text["ConnectionRefusedExplained", port], text["ConnectionRefusedFix", OtherPorts(preset, port)], null),
            SmtpFailureCategory.NetworkUnreachable => (text["NetworkUnreachableExplained"], text["NetworkUnreachableFix"], null),
            SmtpFailureCategory.Timeout when e.Stage is SmtpStage.Connect or SmtpStage.Resolve or null =>
                (text["BlockedPortExplained", port], text["BlockedPortFix", OtherPorts(preset, port)]
                    + (preset.Ports.Any(p => p.Port == 2525) ? " " + text["Port2525"] : ""), null),
            SmtpFailureCategory.Timeout => (text["StalledExplained", StageTitle(e)], text["StalledFix"], null),
            SmtpFailureCategory.NoGreeting when mode != SecurityMode.SslOnConnect =>
                (text["SilentExplained", ExpectedMode(port, preset) == SecurityMode.SslOnConnect ? text["AsPortDoes", port] : ""],
                    text["SilentFix"], SwitchTo(SecurityMode.SslOnConnect, port)),
            SmtpFailureCategory.NoGreeting => (text["SilentAfterTlsExplained"], text["SilentAfterTlsFix"], null),
            SmtpFailureCategory.GreetingIncomplete => (text["TrickleExplained", Seconds(e.Deadline)], text["TrickleFix"], null),
            SmtpFailureCategory.TlsMismatch => (text["TlsMismatchExplained", port, Mode(Other(mode)), Mode(mode)],
                text["TlsMismatchFix", port, Mode(Other(mode)), Mode(mode)], SwitchTo(Other(mode), port)),
            SmtpFailureCategory.Certificate => Certificate(e, preset),
            SmtpFailureCategory.StartTlsNotOffered => (text["StartTlsNotOfferedExplained"], text["StartTlsNotOfferedFix"],
                ImplicitTlsPort(preset) is { } tlsPort
                    ? new QuickFix(QuickFixKind.SwitchSecurity, text["UsePortWithSsl", tlsPort], SecurityMode.SslOnConnect, tlsPort) : null),
            SmtpFailureCategory.StartTlsRefused => (text["StartTlsRefusedExplained"], text["StartTlsRefusedFix"], null),
            SmtpFailureCategory.ReplyTooLong => (text["ReplyTooLongExplained"], text["ReplyTooLongFix"], null),
            SmtpFailureCategory.AuthenticationNotOffered when mode == SecurityMode.None && e.OffersStartTls == true =>
                (text["AuthNotOfferedExplained"], text["AuthAfterStartTlsFix"], SwitchTo(SecurityMode.StartTls, port)),
            SmtpFailureCategory.AuthenticationNotOffered => (text["AuthNotOfferedExplained"], text["AuthNotOfferedFix"], null),
            SmtpFailureCategory.AuthenticationRequired when mode == SecurityMode.None && e.OffersStartTls == true =>
                (text["AuthRequiredExplained"], text["AuthAfterStartTlsFix"], SwitchTo(SecurityMode.StartTls, port)),
            SmtpFailureCategory.AuthenticationRequired => (text["AuthRequiredExplained"], text["AuthRequiredFix"], null),
            SmtpFailureCategory.AuthenticationFailed => (text["AuthFailedExplained", e.ReplyCode ?? 535],
                statusAdvice ?? provider.Login?.Text ?? text["AuthFailedFix"], null),
            SmtpFailureCategory.SenderRejected => (text["SenderRejectedExplained", e.ReplyCode ?? 0],
                statusAdvice ?? provider.Sender?.Text ?? text["SenderRejectedFix"], null),
            SmtpFailureCategory.RecipientRejected => (text["RecipientRejectedExplained", e.ReplyCode ?? 0],
                provider.Recipient?.Text ?? text["RecipientRejectedFix"], null),
            SmtpFailureCategory.MessageRejected => (text["MessageRejectedExplained", e.ReplyCode ?? 0],
                statusAdvice ?? text["MessageRejectedFix"], null),
            SmtpFailureCategory.Temporary => (e.Stage switch
            {
                SmtpStage.Auth => text["TemporaryAuthExplained", e.ReplyCode ?? 0],
                SmtpStage.Greeting or SmtpStage.Tls => text["TemporaryGreetingExplained", e.ReplyCode ?? 0],
                _ => text["TemporaryExplained", e.ReplyCode ?? 0],
            }, text["TemporaryFix"], null),
            SmtpFailureCategory.ConnectionLost => e.Stage switch
            {
                SmtpStage.Greeting or SmtpStage.Tls or SmtpStage.StartTls =>
                    (text["LostBeforeSessionExplained"], text["LostBeforeSessionFix", port, Mode(mode), OtherPorts(preset, port)], null),
                SmtpStage.Message => (text["LostDuringDataExplained"], text["LostDuringDataFix"], null),
                _ => (text["LostExplained", StageTitle(e)], text["LostFix"], null),
            },
            SmtpFailureCategory.DeliveryUnknown => (text["DeliveryUnknownExplained", Seconds(e.Deadline)],
                text["DeliveryUnknownFix", e.Recipient ?? text["TheRecipient"]], null),
            SmtpFailureCategory.Utf8AddressNotSupported => (text["Utf8AddressExplained"], text["Utf8AddressFix"], null),
            SmtpFailureCategory.OAuthSignInRequired when e.OAuthReason == OAuthReason.LoginRefused =>
                (text["OAuthLoginRefusedExplained"], text["OAuthSignInAgain"], null),
            SmtpFailureCategory.OAuthSignInRequired when e.OAuthReason == OAuthReason.AccountMismatch =>
                (null, text["OAuthAccountMismatchFix"], null),
            SmtpFailureCategory.OAuthSignInRequired when e.OAuthReason == OAuthReason.HostNotProviders =>
                (null, text["OAuthHostFix"], null),
            SmtpFailureCategory.OAuthSignInRequired => (null, text["OAuthSignInAgain"], null),
            SmtpFailureCategory.OAuthClientRejected => (null, text["OAuthClientFix"], null),
            SmtpFailureCategory.OAuthUnavailable => (null, text["OAuthUnavailableFix"], null),
            _ => (null, text["UnknownFix"], null),
        };
    }

    private (string?, string?, QuickFix?) Certificate(SmtpEvidence e, ProviderPreset preset)
    {
        var revoked = e.Certificate?.Problems.HasFlag(CertificateProblem.Revoked) == true;
        var fix = revoked ? text["CertificateRevokedFix"]
            : preset.IsCustom ? text["CertificateCustomFix", e.Host ?? "?", e.Port ?? 0]
            : text["CertificatePresetFix", preset.Name, PresetHost(preset)];
        var quick = revoked || e.Certificate is null ? null
            : new QuickFix(QuickFixKind.TrustCertificate, text["TrustThisCertificate"], CertificateSha256: e.Certificate.Sha256);
        return (text["CertificateExplained"], fix, quick);
    }

    /// <summary>What backs the summary but is not the server's words: the certificate as such,
    /// what the library or the network reported.</summary>
    private List<string> Details(SmtpEvidence e)
    {
        var details = new List<string>();
        if (e.Certificate is { } cert)
        {
            details.Add(text["CertificateSubjectLine", cert.Subject]);
            details.Add(text["CertificateIssuerLine", cert.Issuer]);
            if (cert.Names.Count > 0)
                details.Add(text["CertificateNamesLine", string.Join(", ", cert.Names)]);
            details.Add(text["CertificateValidityLine", Date(cert.NotBefore), Date(cert.NotAfter)]);
            details.Add(text["CertificateFingerprintLine", cert.Fingerprint]);
        }
        if (e.Detail is { Length: > 0 } detail && e.OAuthReason is null)
            details.Add(text["LibrarySaid", detail]);
        else if (e.Detail is { Length: > 0 } providerSaid)
            details.Add(text["ProviderSaid", e.OAuthProvider ?? "?", providerSaid]);
        return details;
    }

    private string CertificateProblems(SmtpEvidence e)
    {
        if (e.Certificate is not { } cert)
            return text["CertificateUnverified"];
        var host = e.Host ?? "?";
        var problems = new List<string>();
        void Add(CertificateProblem problem, string words)
        {
            if (cert.Problems.HasFlag(problem))
                problems.Add(words);
        }
        Add(CertificateProblem.Revoked, text["ProblemRevoked"]);
        Add(CertificateProblem.SelfSigned, text["ProblemSelfSigned"]);
        Add(CertificateProblem.UnknownIssuer, text["ProblemUnknownIssuer"]);
        Add(CertificateProblem.NameMismatch, text["ProblemNameMismatch", host, cert.Names.Count > 0 ? string.Join(", ", cert.Names) : cert.Subject]);
        Add(CertificateProblem.Expired, text["ProblemExpired", Date(cert.NotAfter)]);
        Add(CertificateProblem.NotYetValid, text["ProblemNotYetValid", Date(cert.NotBefore)]);
        Add(CertificateProblem.Other, text["ProblemOther"]);
        return problems.Count == 0 ? text["CertificateUnverified"] : string.Join(text["ListSeparator"], problems);
    }

    private string OAuthSummary(SmtpEvidence e)
    {
        var provider = e.OAuthProvider ?? "?";
        return e.OAuthReason switch
        {
            OAuthReason.AccountMismatch => text["OAuthAccountMismatch", provider, e.OAuthAccount ?? "?", e.Username ?? "?"],
            OAuthReason.HostNotProviders => text["OAuthHostNotProviders", provider, e.Host ?? "?"],
            OAuthReason.LoginRefused => text["OAuthLoginRefused", e.Username ?? "?"],
            OAuthReason.GrantRevoked => text["OAuthGrantRevoked", provider],
            OAuthReason.ConsentRequired => text["OAuthConsentRequired", provider],
            OAuthReason.Declined => text["OAuthDeclined"],
            OAuthReason.CodeExpired or OAuthReason.CodeRefused or OAuthReason.NoCodeReturned => text["OAuthCodeProblem", provider],
            OAuthReason.Undecryptable => text["OAuthUndecryptable"],
            OAuthReason.ClientSecretRejected => text["OAuthClientSecret", provider],
            OAuthReason.ClientRejected => text["OAuthClient", provider],
            OAuthReason.Unreachable => text["OAuthUnreachable", provider],
            _ => text["OAuthServiceRefused", provider],
        };
    }

    private QuickFix SwitchTo(SecurityMode mode, int? port) =>
        new(QuickFixKind.SwitchSecurity, text["SwitchTo", Mode(mode)], mode, port);

    private string StageTitle(SmtpEvidence e) => e.Stage is { } stage ? stages.Title(stage) : "?";

    private string PresetHost(ProviderPreset preset) =>
        preset.DefaultHost is { } host ? text["PresetUsesHost", preset.Name, host] : "";

    private string OtherPorts(ProviderPreset preset, int port)
    {
        var others = preset.Ports.Where(p => p.Port != port).Select(p => $"{p.Port} · {Mode(p.Security)}").ToList();
        return others.Count == 0 ? "" : text["OtherPorts", preset.Name, string.Join(", ", others)];
    }

    /// <summary>The mode a port is meant for: the preset's word first, then the usual convention.</summary>
    public static SecurityMode ExpectedMode(int port, ProviderPreset preset) =>
        preset.Ports.FirstOrDefault(p => p.Port == port)?.Security
        ?? (port is 465 or 994 or 2465 ? SecurityMode.SslOnConnect : SecurityMode.StartTls);

    private static int? ImplicitTlsPort(ProviderPreset preset) =>
        preset.Ports.FirstOrDefault(p => p.Security == SecurityMode.SslOnConnect)?.Port;

    private static SecurityMode Other(SecurityMode? mode) =>
        mode == SecurityMode.SslOnConnect ? SecurityMode.StartTls : SecurityMode.SslOnConnect;

    private static string Seconds(TimeSpan? time) => (time ?? TimeSpan.Zero).TotalSeconds.ToString("0.#", CultureInfo.CurrentCulture);

    private static string Date(DateTimeOffset at) => at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
