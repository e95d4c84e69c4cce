namespace SmtpPortal.Domains;

/// <summary>Looks for the provider's DKIM public keys at &lt;selector&gt;._domainkey.&lt;domain&gt;
/// (RFC 6376 §3.6.2). A CNAME to the provider's key (Microsoft 365, Fastmail) is followed by the
/// resolver; a record with an empty p= is a revoked key.</summary>
public sealed class DkimCheck(DomainDns dns)
{
    public async Task<IReadOnlyList<DomainFinding>> CheckAsync(
        string domain, IReadOnlyList<string> selectors, string providerName, CancellationToken ct)
    {
        if (selectors.Count == 0)
            return [new(Checks.Dkim, Verdict.Unknown, "DkimSelectorUnknown", providerName)];
        var answers = await Task.WhenAll(selectors.Select(s => dns.TxtAsync($"{s}._domainkey.{domain}", ct)));
        var findings = new List<DomainFinding>();
        for (var i = 0; i < selectors.Count; i++)
        {
            var name = $"{selectors[i]}._domainkey.{domain}";
            var key = answers[i].Records.FirstOrDefault(IsKey);
            if (answers[i].Outcome == DnsOutcome.Failed)
                findings.Add(new(Checks.Dkim, Verdict.Unknown, "DkimLookupFailed", name));
            else if (key is null)
                continue;
            else if (IsRevoked(key))
                findings.Add(new(Checks.Dkim, Verdict.Problem, "DkimRevoked", name) { Record = key });
            else
                findings.Add(new(Checks.Dkim, Verdict.Pass, "DkimFound", name, selectors[i]) { Record = Shorten(key) });
        }
        if (findings.Count == 0)
        {
            findings.Add(new(Checks.Dkim, Verdict.Problem, "DkimMissing", string.Join(", ", selectors.Select(s => $"{s}._domainkey.{domain}")), providerName)
            {
                Fix = new DnsRecordToAdd($"{selectors[0]}._domainkey.{domain}", "TXT / CNAME", null),
            });
        }
        return findings;
    }

    /// <summary>A DKIM key record: "v=DKIM1; k=rsa; p=…", or at least a p= tag (v= is optional).</summary>
    private static bool IsKey(string txt) => Tags(txt).ContainsKey("p");

    private static bool IsRevoked(string txt) => Tags(txt)["p"].Length == 0;

    internal static Dictionary<string, string> Tags(string record) => record
        .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(tag => tag.Split('=', 2))
        .Where(kv => kv.Length == 2)
        .GroupBy(kv => kv[0].Trim().ToLowerInvariant())
        .ToDictionary(g => g.Key, g => string.Concat(g.First()[1].Where(c => !char.IsWhiteSpace(c))));

    /// <summary>A key is hundreds of characters; the page shows its start.</summary>
    private static string Shorten(string record) => record.Length <= 80 ? record : record[..77] + "…";
}
