using System.Text.RegularExpressions;
using SmtpPortal.Providers;

namespace SmtpPortal.Domains;

/// <summary>Will mail From this address, sent through this provider, be accepted? Reads the From
/// domain's SPF, DKIM and DMARC records and judges them against the provider's catalog data. The
/// one rules path for the settings page, the API (GET /api/domain-check) and the CLI (domain-check).</summary>
public sealed partial class FromDomainCheck(
    ProviderCatalog catalog, ProviderDetector detector, DomainDns dns, SpfCheck spf, DkimCheck dkim, DmarcCheck dmarc, TimeProvider time)
{
    /// <summary>All lookups of one check end within this, however long an SPF include chain is.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    /// <param name="selector">A DKIM selector the admin chose at the provider, checked besides the preset's own.</param>
    public async Task<DomainReport> CheckAsync(string? fromAddress, string? presetId, string? selector, CancellationToken ct)
    {
        var preset = catalog.FindOrCustom(presetId);
        var byDomain = detector.Detect(fromAddress);
        if (byDomain is null)
            return new DomainReport(null, preset, CheckSkipped.NotAnAddress, []);
        if (byDomain.Recognised)
            return new DomainReport(byDomain.Domain, byDomain.Preset, CheckSkipped.ProviderDomain, []);
        if (!dns.Enabled)
            return new DomainReport(byDomain.Domain, preset, CheckSkipped.DnsOff, []);
        if (selector is not null && !IsSelector(selector))
            throw new ArgumentException($"'{selector}' is not a DKIM selector (letters, digits, hyphens and dots).", nameof(selector));

        var domain = byDomain.Domain;
        var address = fromAddress!.Trim();
        var selectors = (preset.Dns?.DkimSelectors ?? []).Concat(selector is null ? [] : [selector.Trim()])
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        using var deadline = new CancellationTokenSource(Deadline, time);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, ct);
        try
        {
            var spfTask = spf.CheckAsync(domain, preset.Dns?.SpfIncludes ?? [], preset.Name, budget.Token);
            var dkimTask = dkim.CheckAsync(domain, selectors, preset.Name, budget.Token);
            var (spfFindings, dkimFindings) = (await spfTask, await dkimTask);
            var dmarcFindings = await dmarc.CheckAsync(domain, address, preset.Name,
                spfAuthorizes: spfFindings.Any(f => f.Code == "SpfAuthorizes"),
                dkimFound: dkimFindings.Any(f => f.Verdict == Verdict.Pass), budget.Token);
            return new DomainReport(domain, preset, CheckSkipped.None,
                [.. spfFindings, .. ProviderNote(Checks.Spf, preset.Dns?.SpfNote),
                 .. dkimFindings, .. ProviderNote(Checks.Dkim, preset.Dns?.DkimNote),
                 .. dmarcFindings]);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new DomainReport(domain, preset, CheckSkipped.None,
                [.. new[] { Checks.Spf, Checks.Dkim, Checks.Dmarc }.Select(c => new DomainFinding(c, Verdict.Unknown, "CheckTimedOut", domain, ((int)Deadline.TotalSeconds).ToString()))]);
        }
    }

    public static bool IsSelector(string selector) => Selector().IsMatch(selector.Trim());

    private static IEnumerable<DomainFinding> ProviderNote(string check, LocalizedText? note) =>
        note is null ? [] : [new DomainFinding(check, Verdict.Note, "ProviderNote") { Note = note }];

    [GeneratedRegex("^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")]
    private static partial Regex Selector();
}
