using SmtpPortal.Domains;

namespace SmtpPortal.Providers;

/// <summary>On what the detector based its proposal.</summary>
public enum DetectionBasis
{
    /// <summary>The address's domain is a preset's mailbox domain (gmail.com).</summary>
    AddressDomain,

    /// <summary>The domain's MX records point to a provider the catalog knows (a company domain on Google Workspace).</summary>
    MxRecord,

    /// <summary>Not a known domain, and the DNS names no MX host of a known provider (or no MX at all).</summary>
    Unknown,

    /// <summary>Not a known domain, and the DNS gave no answer in time: nothing can be said.</summary>
    LookupFailed,
}

/// <summary>What the detector concluded from an email address, and on what grounds: the UI and
/// any other caller put it into words.</summary>
public sealed record ProviderDetection(ProviderPreset Preset, string Domain, DetectionBasis Basis)
{
    public bool Recognised => Basis is DetectionBasis.AddressDomain or DetectionBasis.MxRecord;

    /// <summary>The host to fill in: the region's host where the preset has several.</summary>
    public string? Host { get; init; }

    /// <summary>The MX host that identified the provider, or the domain's first MX when none did.</summary>
    public string? MxHost { get; init; }

    /// <summary>Why the DNS could not be asked, when <see cref="Basis"/> is LookupFailed.</summary>
    public string? LookupProblem { get; init; }
}

/// <summary>Recognises a provider from an email address: first from the presets' mailbox domains,
/// then — for any other domain — from the domain's MX records and the presets' MX families. Also
/// names the preset that replaces a legacy host (the presets' "legacyHosts").</summary>
public sealed class ProviderDetector(ProviderCatalog catalog, DomainDns? dns = null)
{
    /// <summary>The preset for an address from its domain alone, or null when it is not an
    /// address yet. "hotmail.*" matches the name under any top-level domain (hotmail.co.uk),
    /// "*.onmicrosoft.com" any subdomain (contoso.onmicrosoft.com); an exact entry wins.</summary>
    public ProviderDetection? Detect(string? emailAddress)
    {
        var domain = DomainOf(emailAddress);
        if (domain is null)
            return null;
        var preset = FindByDomain(domain, d => d.Equals(domain, StringComparison.OrdinalIgnoreCase))
            ?? FindByDomain(domain, d => d.StartsWith("*.", StringComparison.Ordinal) && domain.EndsWith(d[1..], StringComparison.OrdinalIgnoreCase))
            ?? FindByDomain(domain, d => MatchesAnyTld(d, domain));
        return preset is null
            ? new ProviderDetection(catalog.Custom, domain, DetectionBasis.Unknown)
            : new ProviderDetection(preset, domain, DetectionBasis.AddressDomain) { Host = preset.HostFor(domain) };
    }

    /// <summary>As <see cref="Detect"/>, and for a domain no preset claims, the provider its MX
    /// records point to. Ends within the DNS deadline; without DNS it is <see cref="Detect"/>.</summary>
    public async Task<ProviderDetection?> DetectAsync(string? emailAddress, CancellationToken ct)
    {
        var byDomain = Detect(emailAddress);
        if (byDomain is null || byDomain.Recognised || dns is not { Enabled: true })
            return byDomain;
        var mx = await dns.MxAsync(byDomain.Domain, ct);
        if (mx.Outcome == DnsOutcome.Failed)
            return byDomain with { Basis = DetectionBasis.LookupFailed, LookupProblem = mx.Problem };
        foreach (var host in mx.Records)
        {
            if (ProviderForMx(host.Host) is { } preset)
                return new ProviderDetection(preset, byDomain.Domain, DetectionBasis.MxRecord) { MxHost = host.Host, Host = HostForMx(preset, host.Host) };
        }
        return byDomain with { MxHost = mx.Records.FirstOrDefault()?.Host };
    }

    /// <summary>The preset whose current host replaces a retired one (smtp.live.com → Hotmail).</summary>
    public ProviderPreset? ReplacementFor(string? host)
    {
        var name = host?.Trim().TrimEnd('.');
        if (string.IsNullOrEmpty(name))
            return null;
        return catalog.All.FirstOrDefault(p => p.LegacyHosts.Any(h => h.Equals(name, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>The preset whose MX family names this host; the most specific pattern wins
    /// (AOL's *.mail.gm0.yahoodns.net over Yahoo's *.yahoodns.net).</summary>
    public ProviderPreset? ProviderForMx(string mxHost) =>
        catalog.All
            .SelectMany(p => (p.Dns?.Mx ?? []).Where(pattern => PresetDns.MxMatches(pattern, mxHost)).Select(pattern => (Preset: p, pattern.Length)))
            .OrderByDescending(m => m.Length)
            .Select(m => m.Preset)
            .FirstOrDefault();

    private ProviderPreset? FindByDomain(string domain, Func<string, bool> matches) =>
        catalog.All.FirstOrDefault(p => p.Domains.Any(matches));

    /// <summary>A region's host when the MX host lies under one of its domains (mx.zoho.eu → smtp.zoho.eu).</summary>
    private static string? HostForMx(ProviderPreset preset, string mxHost) =>
        preset.Hosts.FirstOrDefault(h => h.Domains.Any(d => mxHost.EndsWith("." + d, StringComparison.OrdinalIgnoreCase)))?.Host
        ?? preset.DefaultHost;

    internal static string? DomainOf(string? emailAddress)
    {
        var address = emailAddress?.Trim();
        var at = address?.LastIndexOf('@') ?? -1;
        if (address is null || at <= 0 || at == address.Length - 1)
            return null;
        var domain = address[(at + 1)..].TrimEnd('.').ToLowerInvariant();
        return domain.Contains('.') && !domain.Any(char.IsWhiteSpace) ? domain : null;
    }

    /// <summary>"yahoo.*" matches yahoo.fr and yahoo.co.uk: the name, then one or two short labels.</summary>
    private static bool MatchesAnyTld(string pattern, string domain)
    {
        if (!pattern.EndsWith(".*", StringComparison.Ordinal))
            return false;
        var name = pattern[..^1];
        if (!domain.StartsWith(name, StringComparison.OrdinalIgnoreCase))
            return false;
        var suffix = domain[name.Length..].Split('.');
        return suffix.Length is 1 or 2 && suffix.All(l => l.Length is >= 2 and <= 3 && l.All(char.IsAsciiLetter));
    }
}
