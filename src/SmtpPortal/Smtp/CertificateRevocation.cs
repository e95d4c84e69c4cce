using System.Security.Cryptography.X509Certificates;

namespace SmtpPortal.Smtp;

public enum RevocationStatus
{
    NotChecked,
    Good,
    Revoked,
    CouldNotBeChecked,
}

/// <summary>Asks the certificate's revocation servers (CRL/OCSP) whether it was revoked, but only
/// for a bounded time: servers without internet access must not stall the test for minutes
/// (see docs/decisions/0003-mailkit-options.md).</summary>
public static class CertificateRevocation
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(3);

    /// <param name="extraTrust">Roots to trust besides the system's (tests use their own CA).</param>
    public static RevocationStatus Check(X509Certificate2 certificate, TimeSpan timeout, X509Certificate2Collection? extraTrust = null)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.Online;
        chain.ChainPolicy.RevocationFlag = X509RevocationFlag.ExcludeRoot;
        chain.ChainPolicy.UrlRetrievalTimeout = timeout;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid;
        if (extraTrust is not null)
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(extraTrust);
        }
        chain.Build(certificate);
        var statuses = chain.ChainElements.SelectMany(e => e.ChainElementStatus).Select(s => s.Status)
            .Concat(chain.ChainStatus.Select(s => s.Status)).ToHashSet();
        if (statuses.Contains(X509ChainStatusFlags.Revoked))
            return RevocationStatus.Revoked;
        if (statuses.Contains(X509ChainStatusFlags.RevocationStatusUnknown) || statuses.Contains(X509ChainStatusFlags.OfflineRevocation))
            return RevocationStatus.CouldNotBeChecked;
        return RevocationStatus.Good;
    }
}
