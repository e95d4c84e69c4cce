using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using SmtpPortal.Hosting;

namespace SmtpPortal.Relay;

/// <summary>The certificate the relay offers with STARTTLS: the operator's (configuration), or one
/// the portal generated on first use and keeps in data/relay/certificate.pfx (owner-only, like the
/// key ring). Apps cannot verify a self-made certificate against a public authority; they can pin
/// its SHA-256 fingerprint, which the Relay page shows.</summary>
public sealed class RelayCertificate(IOptions<RelayOptions> options, DataDirectory data, IHostEnvironment? environment = null)
{
    private readonly Lock _gate = new();
    private X509Certificate2? _certificate;

    public string GeneratedFile => Path.Combine(data.RelayDirectory, "certificate.pfx");

    public bool IsGenerated => string.IsNullOrWhiteSpace(options.Value.CertificatePath);

    public X509Certificate2 Get()
    {
        lock (_gate)
            return _certificate ??= IsGenerated ? LoadOrGenerate() : LoadConfigured();
    }

    /// <summary>SHA-256 as openssl prints it (<c>AB:CD:…</c>), to compare with
    /// <c>openssl s_client -connect host:2525 -starttls smtp | openssl x509 -noout -fingerprint -sha256</c>.</summary>
    public string Sha256Fingerprint => Format(SHA256.HashData(Get().RawData));

    public static string Format(byte[] hash) => string.Join(':', hash.Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));

    private X509Certificate2 LoadConfigured()
    {
        var root = environment?.ContentRootPath ?? AppContext.BaseDirectory;
        var path = Path.Combine(root, options.Value.CertificatePath!);
        return X509CertificateLoader.LoadPkcs12FromFile(path, options.Value.CertificatePassword, X509KeyStorageFlags.EphemeralKeySet);
    }

    private X509Certificate2 LoadOrGenerate()
    {
        if (File.Exists(GeneratedFile))
            return X509CertificateLoader.LoadPkcs12FromFile(GeneratedFile, null, X509KeyStorageFlags.EphemeralKeySet);
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=SmtpPortal relay", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in new[] { options.Value.HostForApps, "smtpportal", "localhost", Environment.MachineName }
                     .Where(n => !string.IsNullOrWhiteSpace(n) && !IPAddress.TryParse(n, out _)).Distinct(StringComparer.OrdinalIgnoreCase))
            names.AddDnsName(name!.ToLowerInvariant());
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        foreach (var endpoint in options.Value.ListenEndpoints.Where(e => !e.Address.Equals(IPAddress.Any) && !IPAddress.IsLoopback(e.Address)))
            names.AddIpAddress(endpoint.Address);
        if (IPAddress.TryParse(options.Value.HostForApps, out var hostAddress))
            names.AddIpAddress(hostAddress);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
        var pfx = created.Export(X509ContentType.Pkcs12);
        var file = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            file.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(GeneratedFile, file))
        {
            stream.Write(pfx);
            stream.Flush(flushToDisk: true);
        }
        return X509CertificateLoader.LoadPkcs12(pfx, null, X509KeyStorageFlags.EphemeralKeySet);
    }
}
