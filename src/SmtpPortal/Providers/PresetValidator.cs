using System.Text.RegularExpressions;
using SmtpPortal.Smtp;

namespace SmtpPortal.Providers;

/// <summary>One thing wrong with a preset, named so an operator can find it: the preset and the field.</summary>
public sealed record PresetProblem(string PresetId, string Field, string Message)
{
    public override string ToString() => $"preset '{PresetId}', field '{Field}': {Message}";
}

/// <summary>The rules every preset obeys. Shipped presets meet all of them; an operator's own
/// presets (the override file) need not carry both languages, a source link or a verified date,
/// because an internal relay has none of those.</summary>
public static partial class PresetValidator
{
    public static IReadOnlyList<PresetProblem> Validate(ProviderPreset preset, bool shipped)
    {
        var problems = new List<PresetProblem>();
        var id = string.IsNullOrWhiteSpace(preset.Id) ? "(no id)" : preset.Id;
        void Problem(string field, string message) => problems.Add(new PresetProblem(id, field, message));

        if (string.IsNullOrWhiteSpace(preset.Id) || !IdPattern().IsMatch(preset.Id))
            Problem("id", "use lower-case letters, digits and hyphens, e.g. \"my-relay\"");
        if (string.IsNullOrWhiteSpace(preset.Name))
            Problem("name", "give the preset a display name");

        for (var i = 0; i < preset.Hosts.Count; i++)
        {
            if (!IsDnsName(preset.Hosts[i].Host))
                Problem($"hosts[{i}].host", $"'{preset.Hosts[i].Host}' is not a DNS host name");
        }
        if (preset.Hosts.Count > 1 && preset.Hosts.Any(h => h.Region is null || !h.Region.Has("en")))
            Problem("hosts", "when a preset has several hosts, each needs a region label");
        if (!preset.IsCustom && preset.Hosts.Count == 0)
            Problem("hosts", "list at least one host");
        for (var i = 0; i < preset.LegacyHosts.Count; i++)
        {
            if (!IsDnsName(preset.LegacyHosts[i]))
                Problem($"legacyHosts[{i}]", $"'{preset.LegacyHosts[i]}' is not a DNS host name");
        }

        ValidatePorts(preset, Problem);

        if (!Enum.IsDefined(preset.UsernameForm))
            Problem("usernameForm", "unknown username form");
        if (!Enum.IsDefined(preset.SecretKind))
            Problem("secretKind", "unknown secret kind");
        if (!Enum.IsDefined(preset.SecretShape))
            Problem("secretShape", "unknown secret shape");
        for (var i = 0; i < preset.Domains.Count; i++)
        {
            var domain = preset.Domains[i];
            if (!IsDnsName(DomainPatternAsName(domain)))
                Problem($"domains[{i}]", $"'{domain}' is not a domain (a trailing .* means any top-level domain, a leading *. any subdomain)");
        }
        for (var i = 0; i < preset.Hosts.Count; i++)
        {
            foreach (var domain in preset.Hosts[i].Domains.Where(d => !preset.Domains.Contains(d, StringComparer.OrdinalIgnoreCase)))
                Problem($"hosts[{i}].domains", $"'{domain}' is not one of the preset's domains");
        }
        if (preset.Dns is { } dns)
            ValidateDns(dns, Problem);

        foreach (var language in shipped ? ["en", "zh"] : new[] { "en" })
        {
            if (preset.SecretLabel is { } secretLabel && !secretLabel.Has(language))
                Problem($"secretLabel.{language}", "write the secret's label in this language");
            if (preset.UsernameHint is { } usernameHint && !usernameHint.Has(language))
                Problem($"usernameHint.{language}", "write the username hint in this language");
            for (var i = 0; i < preset.Hosts.Count; i++)
            {
                if (preset.Hosts[i].Region is { } region && !region.Has(language))
                    Problem($"hosts[{i}].region.{language}", "write the region label in this language");
            }
            for (var i = 0; i < preset.Ports.Count; i++)
            {
                if (preset.Ports[i].Note is { } note && !note.Has(language))
                    Problem($"ports[{i}].note.{language}", "write the port's note in this language");
            }
            if (!preset.Notes.TryGetValue(language, out var notes) || notes.Count == 0 || notes.Any(string.IsNullOrWhiteSpace))
                Problem($"notes.{language}", "write the notes in this language");
            if (preset.Warning is not null && string.IsNullOrWhiteSpace(preset.Warning.GetValueOrDefault(language)))
                Problem($"warning.{language}", "write the warning in this language");
            if (preset.Dns?.DkimNote is { } dkimNote && !dkimNote.Has(language))
                Problem($"dns.dkimNote.{language}", "write the DKIM note in this language");
            if (preset.Dns?.SpfNote is { } spfNote && !spfNote.Has(language))
                Problem($"dns.spfNote.{language}", "write the SPF note in this language");
        }
        if (preset.DocsUrl is not null && !IsWebLink(preset.DocsUrl))
            Problem("docsUrl", "use an absolute https:// link");
        for (var i = 0; i < preset.Sources.Count; i++)
        {
            if (!IsWebLink(preset.Sources[i]))
                Problem($"sources[{i}]", "use an absolute https:// link");
        }
        if (shipped && !preset.IsCustom && !preset.Reported && (preset.DocsUrl is null || preset.Sources.Count == 0))
            Problem("sources", "name the official documentation (docsUrl) and the sources the facts come from");
        if (preset.Reported && preset.Warning is null)
            Problem("warning", "a reported preset says in its warning that its settings are reported, not documented");
        if (shipped && preset.Verified is null)
            Problem("verified", "give the date the facts were last checked");
        return problems;
    }

    // Notes, warnings and labels in both languages are checked in Validate.
    private static void ValidatePorts(ProviderPreset preset, Action<string, string> problem)
    {
        if (preset.Ports.Count == 0)
            problem("ports", "list at least one port");
        for (var i = 0; i < preset.Ports.Count; i++)
        {
            var port = preset.Ports[i];
            if (port.Port is < 1 or > 65535)
                problem($"ports[{i}].port", $"{port.Port} is not a port between 1 and 65535");
            if (!Enum.IsDefined(port.Security))
                problem($"ports[{i}].security", "unknown security mode");
            // The conventions every mail client assumes; a preset that breaks one must say why.
            var expected = port.Port switch
            {
                465 => SecurityMode.SslOnConnect,
                587 or 2525 => SecurityMode.StartTls,
                _ => (SecurityMode?)null,
            };
            var unusual = (expected is not null && port.Security != expected) || port.Security == SecurityMode.None;
            if (unusual && (port.Note is null || !port.Note.Has("en")))
                problem($"ports[{i}].note", $"port {port.Port} with {port.Security} is unusual: state the reason in a note");
        }
        if (preset.Ports.Select(p => p.Port).Distinct().Count() != preset.Ports.Count)
            problem("ports", "a port is listed twice");
        if (preset.RecommendedPort is { } recommended && preset.Ports.All(p => p.Port != recommended))
            problem("recommendedPort", $"{recommended} is not one of the preset's ports");
    }

    private static void ValidateDns(PresetDns dns, Action<string, string> problem)
    {
        for (var i = 0; i < dns.Mx.Count; i++)
        {
            if (!IsDnsName(dns.Mx[i].StartsWith("*.", StringComparison.Ordinal) ? dns.Mx[i][2..] : dns.Mx[i]))
                problem($"dns.mx[{i}]", $"'{dns.Mx[i]}' is not a host name or *.suffix");
        }
        for (var i = 0; i < dns.SpfIncludes.Count; i++)
        {
            if (!IsDnsName(dns.SpfIncludes[i].TrimStart('_')))
                problem($"dns.spfIncludes[{i}]", $"'{dns.SpfIncludes[i]}' is not a domain");
        }
        for (var i = 0; i < dns.DkimSelectors.Count; i++)
        {
            if (!DkimSelector().IsMatch(dns.DkimSelectors[i]))
                problem($"dns.dkimSelectors[{i}]", $"'{dns.DkimSelectors[i]}' is not a DKIM selector (letters, digits, hyphens, dots)");
        }
    }

    /// <summary>"yahoo.*" and "*.onmicrosoft.com" as a name the DNS-name rule can judge.</summary>
    private static string DomainPatternAsName(string pattern) =>
        pattern.EndsWith(".*", StringComparison.Ordinal) ? pattern[..^2] + ".example"
        : pattern.StartsWith("*.", StringComparison.Ordinal) ? pattern[2..]
        : pattern;

    private static bool IsDnsName(string? host) =>
        !string.IsNullOrWhiteSpace(host) && host.Length <= 253 && DnsName().IsMatch(host);

    private static bool IsWebLink(string link) =>
        Uri.TryCreate(link, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps;

    [GeneratedRegex("^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$")]
    private static partial Regex DkimSelector();

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();

    // Two or more labels of letters, digits and inner hyphens; no scheme, port, space or trailing dot.
    [GeneratedRegex("^(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))+$")]
    private static partial Regex DnsName();
}
