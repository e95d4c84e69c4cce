using Microsoft.Extensions.Localization;
using SmtpPortal.Settings;

namespace SmtpPortal.Smtp.Diagnostics;

/// <summary>Why a certificate was not trusted, in words.</summary>
public sealed class CertificateTrustText(IStringLocalizer<CertificateTrustText> text)
{
    public string Describe(CertificateTrustProblem problem) => problem switch
    {
        CertificateTrustProblem.NotAFingerprint => text["NotAFingerprint"],
        CertificateTrustProblem.Revoked => text["Revoked"],
        _ => text["NotSeen"],
    };
}
