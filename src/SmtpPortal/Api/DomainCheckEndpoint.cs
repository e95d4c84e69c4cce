using SmtpPortal.Domains;
using SmtpPortal.Settings;

namespace SmtpPortal.Api;

public sealed record ApiDnsRecord(string Name, string Type, string? Value);

public sealed record ApiDomainFinding(string Check, string Verdict, string Code, string Message, string? Record, ApiDnsRecord? Add);

/// <summary>The From-domain check as the API shows it, in English.</summary>
public sealed record ApiDomainCheck(string? Domain, string Preset, string? Skipped, string? SkippedReason, IReadOnlyList<ApiDomainFinding> Findings)
{
    public static ApiDomainCheck From(DomainReport report, DomainFindingText text) => DomainFindingText.InEnglish(() => new ApiDomainCheck(
        report.Domain, report.Preset.Id,
        report.Skipped == CheckSkipped.None ? null : report.Skipped.ToString(),
        report.Skipped == CheckSkipped.None ? null : text.Skipped(report),
        [.. report.Findings.Select(f => new ApiDomainFinding(f.Check, f.Verdict.ToString(), f.Code, text.Describe(f), f.Record,
            f.Fix is { } fix ? new ApiDnsRecord(fix.Name, fix.Type, fix.Value ?? text.ValueFromProvider(report.Preset.Name)) : null))]));
}

public static class DomainCheckEndpoint
{
    /// <summary>GET /api/domain-check?from=…[&amp;preset=…][&amp;selector=…]: SPF, DKIM and DMARC of the
    /// From domain for a provider (the stored settings' when none is given).</summary>
    public static RouteGroupBuilder MapDomainCheck(this RouteGroupBuilder api)
    {
        api.MapGet("/domain-check", CheckAsync).RequireAuthorization(ApiPolicies.Read)
            .WithSummary("SPF, DKIM and DMARC of a From address's domain, judged for a provider preset, with the records to add.");
        return api;
    }

    private static async Task<IResult> CheckAsync(FromDomainCheck checker, DomainFindingText text, SmtpSettingsStore store,
        Providers.ProviderCatalog catalog, string? from = null, string? preset = null, string? selector = null, CancellationToken ct = default)
    {
        var stored = preset is null ? await store.GetAsync(ct) : null;
        from ??= stored?.FromAddress;
        if (string.IsNullOrWhiteSpace(from))
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["from"] = ["Give a From address (?from=name@example.com), or store settings first."] });
        var presetId = preset ?? stored?.PresetId ?? Providers.ProviderPreset.CustomId;
        if (catalog.Find(presetId) is null)
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["preset"] = [$"Unknown preset. Known: {string.Join(", ", catalog.All.Select(p => p.Id))}."] });
        if (selector is not null && !FromDomainCheck.IsSelector(selector))
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["selector"] = ["A DKIM selector has letters, digits, hyphens and dots only."] });
        var report = await checker.CheckAsync(from, presetId, selector, ct);
        if (report.Skipped == CheckSkipped.NotAnAddress)
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["from"] = [$"'{from}' is not an email address."] });
        return Results.Ok(ApiDomainCheck.From(report, text));
    }
}
