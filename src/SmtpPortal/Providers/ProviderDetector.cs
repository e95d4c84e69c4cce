using static SmtpPortal.Localization.UiLanguage;

namespace SmtpPortal.Providers;

/// <summary>What the detector concluded from an email address, and why, in words for the admin.</summary>
public sealed record ProviderDetection(ProviderPreset Preset, string Domain, bool Recognised)
{
    public string Reason => Recognised
        ? Text($"{Domain} is a {Preset.Name} domain, so SmtpPortal chose the {Preset.Name} preset.",
            $"{Domain} 属于 {Preset.Name}，因此选择了 {Preset.Name} 预设。")
        : Text($"SmtpPortal does not know the domain {Domain} (a company's own domain says nothing about who sends its mail), so it did not change the provider. If a service sends this domain's mail (Microsoft 365, SendGrid…), pick it from the list; otherwise use Custom SMTP.",
            $"SmtpPortal 不认识域名 {Domain}（公司自有域名无法说明由谁发信），因此没有更改服务商。如果该域名的邮件由某个服务发送（Microsoft 365、SendGrid 等），请从列表中选择；否则请使用\"自定义 SMTP\"。");
}

/// <summary>Recognises a provider from an email address's domain (the presets' "domains") and
/// names the preset that replaces a legacy host (the presets' "legacyHosts").</summary>
public sealed class ProviderDetector(ProviderCatalog catalog)
{
    /// <summary>The preset for an address, or null when it is not an address yet. A domain entry
    /// "hotmail.*" matches the name under any top-level domain (hotmail.co.uk, hotmail.fr).</summary>
    public ProviderDetection? Detect(string? emailAddress)
    {
        var domain = DomainOf(emailAddress);
        if (domain is null)
            return null;
        var exact = catalog.All.FirstOrDefault(p => p.Domains.Any(d => d.Equals(domain, StringComparison.OrdinalIgnoreCase)));
        var preset = exact ?? catalog.All.FirstOrDefault(p => p.Domains.Any(d => MatchesAnyTld(d, domain)));
        return preset is null
            ? new ProviderDetection(catalog.Custom, domain, Recognised: false)
            : new ProviderDetection(preset, domain, Recognised: true);
    }

    /// <summary>The preset whose current host replaces a retired one (smtp.live.com → Hotmail).</summary>
    public ProviderPreset? ReplacementFor(string? host)
    {
        var name = host?.Trim().TrimEnd('.');
        if (string.IsNullOrEmpty(name))
            return null;
        return catalog.All.FirstOrDefault(p => p.LegacyHosts.Any(h => h.Equals(name, StringComparison.OrdinalIgnoreCase)));
    }

    private static string? DomainOf(string? emailAddress)
    {
        var address = emailAddress?.Trim();
        var at = address?.LastIndexOf('@') ?? -1;
        if (address is null || at <= 0 || at == address.Length - 1)
            return null;
        var domain = address[(at + 1)..].TrimEnd('.').ToLowerInvariant();
        return domain.Contains('.') && !domain.Any(char.IsWhiteSpace) ? domain : null;
    }

    /// <summary>"yahoo.*" matches yahoo.fr and yahoo.co.jp: the name, then one or two short labels.</summary>
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
