namespace SmtpPortal.Domains;

public enum DnsOutcome
{
    /// <summary>The name exists and has records of the type asked for.</summary>
    Found,

    /// <summary>The name does not exist (NXDOMAIN) or has no records of that type.</summary>
    None,

    /// <summary>No answer within the deadline, an error from the resolver, or lookups are off:
    /// nothing can be said about the name.</summary>
    Failed,
}

/// <summary>What the DNS said about one name, and in plain words why nothing, if nothing.</summary>
public sealed record DnsAnswer<T>(DnsOutcome Outcome, IReadOnlyList<T> Records, string? Problem = null)
{
    public static DnsAnswer<T> None() => new(DnsOutcome.None, []);
    public static DnsAnswer<T> Failed(string problem) => new(DnsOutcome.Failed, [], problem);
}

/// <summary>One MX record: where a domain's incoming mail goes.</summary>
public sealed record MxHost(string Host, int Preference);
