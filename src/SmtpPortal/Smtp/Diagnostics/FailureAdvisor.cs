using SmtpPortal.Providers;

namespace SmtpPortal.Smtp.Diagnostics;

public enum QuickFixKind
{
    SwitchSecurity,
    TrustCertificate,
}

/// <summary>A change SmtpPortal can make for the admin with one click.</summary>
public sealed record QuickFix(QuickFixKind Kind, string Label, SecurityMode? Security = null, int? Port = null, string? CertificateSha256 = null);

/// <summary>What went wrong in plain words, and what to do about it.</summary>
public sealed record SmtpAdvice(SmtpFailureCategory Category, string Explanation, string Fix, QuickFix? QuickFix = null);

/// <summary>Classifies a failed run into advice, provider-specific where the preset knows more.</summary>
public static class FailureAdvisor
{
    /// <summary>Advice in the current UI language (docs/decisions/0022-localization.md).</summary>
    private static readonly Microsoft.Extensions.Localization.IStringLocalizer L =
        Localization.StaticLocalizer.For(typeof(FailureAdvisor));

    public static SmtpAdvice? Advise(SendOutcome outcome, int port, SecurityMode security, ProviderPreset preset)
    {
        if (outcome.Succeeded)
            return null;
        var reply = outcome.ServerReply ?? "";
        return outcome.Category switch
        {
            SmtpFailureCategory.Dns => new(outcome.Category,
                L["Dns"],
                L["DnsFix", preset.DefaultHost is { } h ? L["PresetUsesHost", preset.Name, h] : ""]),
            SmtpFailureCategory.ConnectionRefused => new(outcome.Category,
                L["Refused", port],
                L["RefusedFix", OtherPorts(preset, port)]),
            SmtpFailureCategory.NetworkUnreachable => new(outcome.Category,
                L["NoRoute"], L["NoRouteFix"]),
            SmtpFailureCategory.Timeout when outcome.FailedStage is SmtpStage.Connect or SmtpStage.Resolve or null => new(outcome.Category,
                L["Blocked", port],
                L["BlockedFix", OtherPorts(preset, port), preset.Ports.Any(p => p.Port == 2525) ? L["Port2525"] : ""]),
            SmtpFailureCategory.Timeout => new(outcome.Category,
                L["Stalled", StageReport.TitleOf(outcome.FailedStage.Value)],
                L["StalledFix"]),
            SmtpFailureCategory.NoGreeting => NoGreeting(port, security, preset),
            SmtpFailureCategory.TlsMismatch => TlsMismatch(port, security, preset),
            SmtpFailureCategory.Certificate => Certificate(outcome, preset),
            SmtpFailureCategory.StartTlsNotOffered => new(outcome.Category,
                L["NoStartTls"],
                L["NoStartTlsFix"],
                ImplicitTlsPort(preset) is { } tlsPort
                    ? new QuickFix(QuickFixKind.SwitchSecurity, L["UsePortSsl", tlsPort], SecurityMode.SslOnConnect, tlsPort)
                    : null),
            SmtpFailureCategory.AuthenticationRequired when reply.Contains("STARTTLS", StringComparison.OrdinalIgnoreCase) => new(outcome.Category,
                L["WantsStartTls"], L["WantsStartTlsFix"],
                new QuickFix(QuickFixKind.SwitchSecurity, L["SwitchToStartTls"], SecurityMode.StartTls, port)),
            SmtpFailureCategory.AuthenticationRequired => new(outcome.Category,
                L["LoginRequired"], L["LoginRequiredFix"]),
            SmtpFailureCategory.AuthenticationFailed => new(outcome.Category,
                L["LoginRefused"],
                LoginFix(preset, reply)),
            SmtpFailureCategory.SenderRejected or SmtpFailureCategory.MessageRejected => new(outcome.Category,
                L["SenderRefused", outcome.ReplyCode!],
                ProviderAdvice.SenderFix(preset.Id) ?? L["SenderFix"]),
            SmtpFailureCategory.RecipientRejected => new(outcome.Category,
                L["RecipientRefused"], L["RecipientFix"]),
            SmtpFailureCategory.Temporary => new(outcome.Category,
                L["Temporary", outcome.ReplyCode!],
                L["TemporaryFix"]),
            SmtpFailureCategory.ConnectionLost when outcome.FailedStage == SmtpStage.Message => new(outcome.Category,
                L["CutDuringData"],
                L["CutDuringDataFix"]),
            SmtpFailureCategory.ConnectionLost => new(outcome.Category,
                L["Closed"],
                L["ClosedFix", port, security.DescribeForUi(), OtherPorts(preset, port)]),
            SmtpFailureCategory.Cancelled => new(outcome.Category, L["Cancelled"], L["CancelledFix"]),
            SmtpFailureCategory.OAuthSignInRequired => new(outcome.Category, outcome.Summary,
                L["OAuthSignIn"]),
            SmtpFailureCategory.OAuthClientRejected => new(outcome.Category, outcome.Summary,
                L["OAuthClient"]),
            SmtpFailureCategory.OAuthUnavailable => new(outcome.Category, outcome.Summary,
                L["OAuthUnavailable"]),
            _ => new(outcome.Category, outcome.Summary, L["ReadTranscript"]),
        };
    }

    /// <summary>The mode a port is meant for: the preset's word first, then the usual convention.</summary>
    public static SecurityMode ExpectedMode(int port, ProviderPreset preset) =>
        preset.Ports.FirstOrDefault(p => p.Port == port)?.Security
        ?? (port is 465 or 994 or 2465 ? SecurityMode.SslOnConnect : SecurityMode.StartTls);

    private static SmtpAdvice NoGreeting(int port, SecurityMode security, ProviderPreset preset)
    {
        if (security != SecurityMode.SslOnConnect)
            return new(SmtpFailureCategory.NoGreeting,
                L["SilentPort", ExpectedMode(port, preset) == SecurityMode.SslOnConnect ? L["AsPortDoes", port] : ""],
                L["SilentPortFix"],
                new QuickFix(QuickFixKind.SwitchSecurity, L["SwitchToSsl"], SecurityMode.SslOnConnect, port));
        return new(SmtpFailureCategory.NoGreeting,
            L["NoGreetingAfterTls"],
            L["NoGreetingAfterTlsFix"]);
    }

    private static SmtpAdvice TlsMismatch(int port, SecurityMode security, ProviderPreset preset)
    {
        var expected = security == SecurityMode.SslOnConnect ? SecurityMode.StartTls : SecurityMode.SslOnConnect;
        return new(SmtpFailureCategory.TlsMismatch,
            L["Mismatch", port, expected.DescribeForUi(), security.DescribeForUi()],
            L["MismatchFix", port, expected.DescribeForUi(), security.DescribeForUi()],
            new QuickFix(QuickFixKind.SwitchSecurity, L["SwitchTo", expected.DescribeForUi()], expected, port));
    }

    private static SmtpAdvice Certificate(SendOutcome outcome, ProviderPreset preset)
    {
        var revoked = outcome.CertificateRevoked;
        var fix = revoked
            ? L["RevokedFix"]
            : preset.IsCustom
                ? L["OwnRelayFix"]
                : L["PublicCertFix", preset.Name, preset.DefaultHost is { } h ? L["HostInParentheses", h] : ""];
        var quick = revoked || outcome.CertificateSha256 is null
            ? null
            : new QuickFix(QuickFixKind.TrustCertificate, L["TrustThis"], CertificateSha256: outcome.CertificateSha256);
        return new(SmtpFailureCategory.Certificate,
            L["Unverified"],
            fix, quick);
    }

    private static string LoginFix(ProviderPreset preset, string reply)
    {
        if (reply.Contains("5.7.139", StringComparison.Ordinal))
            return ProviderAdvice.LoginFix("microsoft365")!;
        return ProviderAdvice.LoginFix(preset.Id) ?? L["LoginFix"];
    }

    private static int? ImplicitTlsPort(ProviderPreset preset) =>
        preset.Ports.FirstOrDefault(p => p.Security == SecurityMode.SslOnConnect)?.Port;

    private static string OtherPorts(ProviderPreset preset, int port)
    {
        var others = preset.Ports.Where(p => p.Port != port).Select(p => p.LabelForUi()).ToList();
        return others.Count == 0 ? "" : L["OtherPorts", preset.Name, string.Join(", ", others)];
    }
}
