using SmtpPortal.Providers;

namespace SmtpPortal.Domains;

public enum Verdict
{
    Pass,
    Warning,
    Problem,

    /// <summary>Nothing could be concluded (no answer from the DNS, or nothing known to check against).</summary>
    Unknown,

    /// <summary>Something the admin should know, not a judgement.</summary>
    Note,
}

public static class Checks
{
    public const string Spf = "spf";
    public const string Dkim = "dkim";
    public const string Dmarc = "dmarc";
}

/// <summary>A DNS record to add or replace, ready to copy. A null value means only the provider
/// can give it (a DKIM key): the page says where to get it.</summary>
public sealed record DnsRecordToAdd(string Name, string Type, string? Value);

/// <summary>One verdict of the From-domain check: which check, how it came out, and a code with
/// arguments that the page (in the admin's language), the API and the CLI (in English) put into
/// words from the same resources. A provider's own note travels as bilingual catalog data.</summary>
public sealed record DomainFinding(string Check, Verdict Verdict, string Code, params string[] Args)
{
    public DnsRecordToAdd? Fix { get; init; }
    public LocalizedText? Note { get; init; }

    /// <summary>The record as the DNS holds it, when there is one.</summary>
    public string? Record { get; init; }
}

/// <summary>Why the From domain was not checked, when it was not.</summary>
public enum CheckSkipped
{
    None,
    NotAnAddress,

    /// <summary>The From address is a provider's mailbox (gmail.com): its owner runs SPF, DKIM and DMARC.</summary>
    ProviderDomain,
    DnsOff,
}

public sealed record DomainReport(string? Domain, ProviderPreset Preset, CheckSkipped Skipped, IReadOnlyList<DomainFinding> Findings)
{
    public IEnumerable<DomainFinding> For(string check) => Findings.Where(f => f.Check == check);
}
