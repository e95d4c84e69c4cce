namespace SmtpPortal.Domains;

/// <summary>Finds the DMARC record for a From domain (at _dmarc.&lt;domain&gt;, else at its parent
/// domains, as DMARCbis' tree walk does), reads its policy and alignment, and says what it means
/// for mail through the chosen provider given what the SPF and DKIM checks found.</summary>
public sealed class DmarcCheck(DomainDns dns)
{
    public async Task<IReadOnlyList<DomainFinding>> CheckAsync(
        string domain, string fromAddress, string providerName, bool spfAuthorizes, bool dkimFound, CancellationToken ct)
    {
        var labels = domain.Split('.');
        for (var skip = 0; labels.Length - skip >= 2; skip++)
        {
            var owner = string.Join('.', labels.Skip(skip));
            var answer = await dns.TxtAsync($"_dmarc.{owner}", ct);
            if (answer.Outcome == DnsOutcome.Failed)
                return [new(Checks.Dmarc, Verdict.Unknown, "DmarcLookupFailed", $"_dmarc.{owner}")];
            var records = answer.Records.Where(r => r.StartsWith("v=DMARC1", StringComparison.OrdinalIgnoreCase)).ToList();
            if (records.Count > 1)
                return [new(Checks.Dmarc, Verdict.Problem, "DmarcMultiple", $"_dmarc.{owner}") { Record = string.Join("\n", records) }];
            if (records.Count == 1)
                return Judge(records[0], owner, isParent: skip > 0, providerName, spfAuthorizes, dkimFound);
        }
        return [new(Checks.Dmarc, Verdict.Problem, "DmarcMissing", domain)
        {
            Fix = new DnsRecordToAdd($"_dmarc.{domain}", "TXT", $"v=DMARC1; p=none; rua=mailto:{fromAddress}"),
        }];
    }

    private static IReadOnlyList<DomainFinding> Judge(
        string record, string owner, bool isParent, string providerName, bool spfAuthorizes, bool dkimFound)
    {
        var tags = DkimCheck.Tags(record);
        // A subdomain is judged by sp= when its policy comes from the parent's record.
        var policy = (isParent && tags.TryGetValue("sp", out var sp) ? sp : tags.GetValueOrDefault("p"))?.ToLowerInvariant();
        var where = $"_dmarc.{owner}";
        var findings = new List<DomainFinding>();
        var covered = spfAuthorizes || dkimFound;
        findings.Add(policy switch
        {
            "none" => new(Checks.Dmarc, Verdict.Warning, "DmarcNone", where) { Record = record },
            "quarantine" => new(Checks.Dmarc, covered ? Verdict.Pass : Verdict.Problem,
                covered ? "DmarcQuarantineCovered" : "DmarcQuarantineUncovered", where, providerName) { Record = record },
            "reject" => new(Checks.Dmarc, covered ? Verdict.Pass : Verdict.Problem,
                covered ? "DmarcRejectCovered" : "DmarcRejectUncovered", where, providerName) { Record = record },
            _ => new(Checks.Dmarc, Verdict.Problem, "DmarcInvalid", where) { Record = record },
        });
        if (tags.GetValueOrDefault("adkim")?.ToLowerInvariant() == "s" || tags.GetValueOrDefault("aspf")?.ToLowerInvariant() == "s")
            findings.Add(new(Checks.Dmarc, Verdict.Warning, "DmarcStrict", owner));
        return findings;
    }
}
