namespace SmtpPortal.Domains;

/// <summary>Reads a domain's SPF record (RFC 7208) and what it includes: whether it authorizes
/// the chosen provider, whether it stays within the 10 DNS lookups receivers allow, and whether
/// it ends in +all. It does not evaluate an IP address; it judges the record.</summary>
public sealed class SpfCheck(DomainDns dns)
{
    public const int LookupLimit = 10;

    // Enough to say "more than 10" and to find an include a few levels down, without flooding the resolver.
    private const int MaxRecordsRead = 25;

    public async Task<IReadOnlyList<DomainFinding>> CheckAsync(
        string domain, IReadOnlyList<string> providerIncludes, string providerName, CancellationToken ct)
    {
        var top = await dns.TxtAsync(domain, ct);
        if (top.Outcome == DnsOutcome.Failed)
            return [new(Checks.Spf, Verdict.Unknown, "SpfLookupFailed", domain)];
        var records = SpfRecords(top.Records);
        if (records.Count == 0)
        {
            return [new(Checks.Spf, Verdict.Problem, providerIncludes.Count > 0 ? "SpfMissing" : "SpfMissingUnknownProvider", domain, providerName)
            {
                Fix = providerIncludes.Count > 0 ? new DnsRecordToAdd(domain, "TXT", $"v=spf1 include:{providerIncludes[0]} ~all") : null,
            }];
        }
        if (records.Count > 1)
            return [new(Checks.Spf, Verdict.Problem, "SpfMultiple", domain, records.Count.ToString()) { Record = string.Join("\n", records) }];

        var record = records[0];
        var walk = new Walk(dns, ct);
        await walk.ReadAsync(record, depth: 0);
        var findings = new List<DomainFinding>();

        if (providerIncludes.Count == 0)
            findings.Add(new(Checks.Spf, Verdict.Unknown, "SpfProviderUnknown", providerName) { Record = record });
        else if (providerIncludes.FirstOrDefault(walk.Includes.Contains) is { } found)
            findings.Add(new(Checks.Spf, Verdict.Pass, "SpfAuthorizes", providerName, found) { Record = record });
        else if (walk.Incomplete)
            findings.Add(new(Checks.Spf, Verdict.Unknown, "SpfIncomplete", providerName, providerIncludes[0]) { Record = record });
        else
        {
            findings.Add(new(Checks.Spf, Verdict.Problem, "SpfNotAuthorizing", providerName, providerIncludes[0])
            {
                Record = record,
                Fix = new DnsRecordToAdd(domain, "TXT", WithInclude(record, providerIncludes[0])),
            });
        }

        if (walk.Lookups > LookupLimit)
            findings.Add(new(Checks.Spf, Verdict.Problem, "SpfTooManyLookups", walk.Truncated ? $"{walk.Lookups}+" : walk.Lookups.ToString(), LookupLimit.ToString()));
        if (AllQualifier(record) is '+')
        {
            findings.Add(new(Checks.Spf, Verdict.Problem, "SpfPassAll")
            {
                Record = record,
                Fix = new DnsRecordToAdd(domain, "TXT", WithSoftFailAll(record)),
            });
        }
        return findings;
    }

    private static List<string> SpfRecords(IEnumerable<string> txt) =>
        [.. txt.Where(t => t.Equals("v=spf1", StringComparison.OrdinalIgnoreCase) || t.StartsWith("v=spf1 ", StringComparison.OrdinalIgnoreCase))];

    private static IEnumerable<string> Terms(string record) => record.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1);

    private static (char Qualifier, string Body) Split(string term) =>
        term[0] is '+' or '-' or '~' or '?' ? (term[0], term[1..]) : ('+', term);

    /// <summary>The qualifier of the record's "all", or null when it has none.</summary>
    internal static char? AllQualifier(string record) =>
        Terms(record).Select(Split).Where(t => t.Body.Equals("all", StringComparison.OrdinalIgnoreCase))
            .Select(t => (char?)t.Qualifier).FirstOrDefault();

    /// <summary>The record with the provider's include before its "all" (or redirect), so nothing else changes.</summary>
    internal static string WithInclude(string record, string include)
    {
        var terms = record.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var at = terms.FindIndex(1, t => Split(t).Body.Equals("all", StringComparison.OrdinalIgnoreCase)
            || t.StartsWith("redirect=", StringComparison.OrdinalIgnoreCase));
        terms.Insert(at < 0 ? terms.Count : at, $"include:{include}");
        return string.Join(' ', terms);
    }

    private static string WithSoftFailAll(string record) => string.Join(' ', record.Split(' ', StringSplitOptions.RemoveEmptyEntries)
        .Select(t => t.Equals("all", StringComparison.OrdinalIgnoreCase) || t.Equals("+all", StringComparison.OrdinalIgnoreCase) ? "~all" : t));

    /// <summary>Follows include: and redirect= through the DNS, counting the terms that cost a
    /// lookup (include, a, mx, ptr, exists, redirect: RFC 7208 §4.6.4).</summary>
    private sealed class Walk(DomainDns dns, CancellationToken ct)
    {
        private readonly HashSet<string> _read = new(StringComparer.OrdinalIgnoreCase);

        public HashSet<string> Includes { get; } = new(StringComparer.OrdinalIgnoreCase);
        public int Lookups { get; private set; }

        /// <summary>An included record could not be read, so the include list and count may be short.</summary>
        public bool Incomplete { get; private set; }

        /// <summary>Reading stopped at the cap: the real count is higher still.</summary>
        public bool Truncated { get; private set; }

        public async Task ReadAsync(string record, int depth)
        {
            foreach (var (_, body) in Terms(record).Select(Split))
            {
                var name = body.ToLowerInvariant();
                string? target = null;
                if (name.StartsWith("include:", StringComparison.Ordinal))
                    target = body[8..];
                else if (name.StartsWith("redirect=", StringComparison.Ordinal))
                    target = body[9..];
                else if (name is "a" or "mx" or "ptr" || name.StartsWith("a:") || name.StartsWith("a/") || name.StartsWith("mx:")
                    || name.StartsWith("mx/") || name.StartsWith("ptr:") || name.StartsWith("exists:"))
                {
                    Lookups++;
                    continue;
                }
                if (target is null)
                    continue;
                Lookups++;
                target = target.TrimEnd('.');
                Includes.Add(target);
                // Macros (%{i}) depend on the sending IP: nothing to read without one.
                if (target.Contains('%') || depth >= 10 || !_read.Add(target))
                    continue;
                if (_read.Count > MaxRecordsRead)
                {
                    Truncated = true;
                    continue;
                }
                var answer = await dns.TxtAsync(target, ct);
                var included = SpfRecords(answer.Records);
                if (answer.Outcome == DnsOutcome.Failed || included.Count != 1)
                {
                    Incomplete |= answer.Outcome == DnsOutcome.Failed;
                    continue;
                }
                await ReadAsync(included[0], depth + 1);
            }
        }
    }
}
