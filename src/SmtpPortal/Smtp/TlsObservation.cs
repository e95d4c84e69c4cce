using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace SmtpPortal.Smtp;

/// <summary>What the TLS handshake showed of the server's certificate, filled in by the
/// validation callback, for the TLS stage and for explaining a refusal.</summary>
internal sealed class TlsObservation(DateTimeOffset now)
{
    public X509Certificate2? Certificate { get; private set; }
    public SslPolicyErrors Errors { get; private set; }
    public X509ChainStatusFlags ChainStatus { get; private set; }
    public RevocationStatus Revocation { get; private set; }
    public bool TrustedByPin { get; private set; }

    /// <summary>The validation callback: the chain and name as .NET judged them, then the
    /// revocation check (bounded), or else exactly the one certificate the admin pinned.</summary>
    public bool Judge(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors, string? pin)
    {
        Errors = errors;
        ChainStatus = chain?.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status) ?? X509ChainStatusFlags.NoError;
        Certificate = certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        if (errors == SslPolicyErrors.None)
        {
            Revocation = CertificateRevocation.Check(Certificate!, CertificateRevocation.DefaultTimeout);
            return Revocation != RevocationStatus.Revoked;
        }
        // One certificate the admin pinned by fingerprint; never a blanket "accept everything".
        TrustedByPin = pin is not null && certificate is not null
            && string.Equals(CertificateFingerprint.Of(certificate), pin, StringComparison.OrdinalIgnoreCase);
        return TrustedByPin;
    }

    public CertificateEvidence? ToEvidence()
    {
        if (Certificate is not { } cert)
            return null;
        var names = cert.Extensions.OfType<X509SubjectAlternativeNameExtension>()
            .SelectMany(e => e.EnumerateDnsNames().Concat(e.EnumerateIPAddresses().Select(a => a.ToString())))
            .ToList();
        return new CertificateEvidence(cert.Subject, cert.Issuer, names,
            cert.NotBefore.ToUniversalTime(), cert.NotAfter.ToUniversalTime(), CertificateFingerprint.Of(cert),
            Problems(cert), Revocation, TrustedByPin);
    }

    private CertificateProblem Problems(X509Certificate2 cert)
    {
        var problems = CertificateProblem.None;
        if (Revocation == RevocationStatus.Revoked || ChainStatus.HasFlag(X509ChainStatusFlags.Revoked))
            problems |= CertificateProblem.Revoked;
        if (Errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
            problems |= CertificateProblem.NameMismatch;
        if (now > cert.NotAfter.ToUniversalTime())
            problems |= CertificateProblem.Expired;
        if (now < cert.NotBefore.ToUniversalTime())
            problems |= CertificateProblem.NotYetValid;
        if (Errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            var selfSigned = cert.SubjectName.RawData.AsSpan().SequenceEqual(cert.IssuerName.RawData);
            if (ChainStatus.HasFlag(X509ChainStatusFlags.UntrustedRoot) || ChainStatus.HasFlag(X509ChainStatusFlags.PartialChain))
                problems |= selfSigned ? CertificateProblem.SelfSigned : CertificateProblem.UnknownIssuer;
            var known = X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain | X509ChainStatusFlags.NotTimeValid
                | X509ChainStatusFlags.Revoked | X509ChainStatusFlags.RevocationStatusUnknown | X509ChainStatusFlags.OfflineRevocation;
            if ((ChainStatus & ~known) != X509ChainStatusFlags.NoError)
                problems |= CertificateProblem.Other;
        }
        if (Errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            problems |= CertificateProblem.Other;
        return problems;
    }
}
