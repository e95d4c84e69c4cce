namespace SmtpPortal.Providers;

/// <summary>What a provider looks like in the DNS: the MX hosts of domains whose mail it hosts
/// (so a company domain is recognised from its MX), the SPF include that authorizes its servers,
/// and where its DKIM keys live. Data, like the rest of a preset, with the preset's sources.</summary>
public sealed record PresetDns
{
    /// <summary>MX host names of domains this provider hosts: an exact name
    /// ("aspmx.l.google.com") or "*." and a suffix ("*.mail.protection.outlook.com").</summary>
    public IReadOnlyList<string> Mx { get; init; } = [];

    /// <summary>The domains a From domain's SPF record includes to authorize this provider
    /// ("_spf.google.com"); empty when the provider names none (or checks SPF elsewhere).</summary>
    public IReadOnlyList<string> SpfIncludes { get; init; } = [];

    /// <summary>The DKIM selectors the provider signs with by default ("google", "selector1").</summary>
    public IReadOnlyList<string> DkimSelectors { get; init; } = [];

    /// <summary>Where the admin creates or finds the DKIM key, and — where the provider lets the
    /// admin choose the selector — which one to check.</summary>
    public LocalizedText? DkimNote { get; init; }

    /// <summary>Anything else an admin must know about this provider's SPF (e.g. that it is
    /// checked on a subdomain the provider asks for).</summary>
    public LocalizedText? SpfNote { get; init; }

    /// <summary>Whether an MX host name belongs to this provider.</summary>
    public bool HandlesMx(string host) => Mx.Any(pattern => MxMatches(pattern, host));

    public static bool MxMatches(string pattern, string host)
    {
        host = host.TrimEnd('.');
        return pattern.StartsWith("*.", StringComparison.Ordinal)
            ? host.EndsWith(pattern[1..], StringComparison.OrdinalIgnoreCase)
            : host.Equals(pattern, StringComparison.OrdinalIgnoreCase);
    }
}
