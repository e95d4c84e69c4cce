using System.Text.RegularExpressions;

namespace SmtpPortal.BrowserTests.Infrastructure;

/// <summary>
/// Whether a line a person sees is in the page's language. In Chinese, a line may hold Latin
/// letters only for what stays as it is in any language: the names below, host names,
/// addresses, paths and fingerprints, and the data the test itself typed. A provider's notes may
/// also quote the provider's own English-only console and replies as they are: quoted text, menu
/// paths (A → B → C), an original term in parentheses, an SMTP reply, the provider's product
/// terms. In English, a line may hold Chinese only inside a provider's notes (catalog data that
/// quotes the provider's Chinese UI, e.g. 授权码).
/// </summary>
public static partial class LanguageCheck
{
    /// <summary>Names that stay as they are in a Chinese sentence: the product, protocols and
    /// standards, record types, and the products and companies the portal talks about. Chinese
    /// mail providers write these in Latin letters themselves (QQ 邮箱 says "SMTP 服务", "SSL").</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        // The product and what it speaks
        "SmtpPortal", "SMTP", "ESMTP", "STARTTLS", "SSL/TLS", "SSL", "TLS", "OAuth2", "OAuth", "XOAUTH2", "AUTH", "PLAIN", "LOGIN",
        "HTTPS", "HTTP", "API", "URI", "URL", "ID", "DNS", "SPF", "DKIM", "DMARC", "TXT", "MX", "IMAP", "POP3", "SHA-256", "UTC",
        "TCP", "EHLO", "MAIL", "RCPT", "DATA", "QUIT", "JSON", "IPv4", "IPv6", "UTF-8", "GBK", "CalDAV", "CardDAV", "Exchange", "SMTP AUTH", "Web",
        // A host name without a dot (what a test server's certificate names), the same in every language
        "localhost",
        // Mail providers and services (the catalog's names come from the catalog itself)
        "Gmail", "QQ", "Foxmail", "Google", "Microsoft", "Outlook", "Hotmail", "Yahoo", "iCloud", "Apple", "Zoho", "SendGrid",
        "Mailgun", "Amazon", "SES", "Brevo", "Sendinblue", "Postmark", "Mailjet", "Aliyun", "Tencent", "Exmail", "NetEase",
        "Yandex", "Fastmail", "Office 365", "Microsoft 365", "Exchange Online", "Entra", "Google Cloud", "Gmail API",
        "Google Workspace", "Workspace", "Yahoo! JAPAN", "AOL", "Proton", "Proton Mail", "Proton for Business", "Resend",
        "Thunderbird", "ISPDB", "CNAME",
        // Apps the export writes for, and tools an admin uses
        "WordPress", "WP Mail SMTP", "Nextcloud", "GitLab", "Discourse", "Mattermost", "Gitea", "Grafana", "Ghost", "Docker",
        "docker compose", "occ", ".env", "Websoft9", "Google Authenticator", "Microsoft Authenticator", "1Password", "Aegis",
        // Identity words the portal's data uses as they are
        "apikey", "resend", "google", "consumers", "organizations", "common", "zip", "Live", "MSN", "include",
    ];

    /// <summary>Terms of the providers' own products that their notes use as the products do.</summary>
    public static readonly IReadOnlyList<string> ProviderTerms =
    [
        "App", "AWS", "IAM", "EC2", "ECS", "MFA", "API Key", "API Keys", "Secret Key", "Secret Access Key", "Server API Token",
        "Server API token", "SG", "Mail Send", "re_",
    ];

    public static IReadOnlyList<string> Violations(IEnumerable<VisibleLine> lines, string language, IEnumerable<string> names) =>
        language.StartsWith("zh", StringComparison.Ordinal) ? LatinWords(lines, names) : ChineseOutsideNotes(lines);

    private static IReadOnlyList<string> LatinWords(IEnumerable<VisibleLine> lines, IEnumerable<string> extraNames)
    {
        var allowed = Matchers(Names.Concat(extraNames));
        var inNotes = Matchers(Names.Concat(extraNames).Concat(ProviderTerms));
        var failures = new List<string>();
        foreach (var line in lines)
        {
            var rest = Verbatim().Replace(line.Text, " ");
            // Names first: a provider's name may carry its own parentheses ("Google Workspace (company domain)").
            foreach (var name in line.InProviderNotes ? inNotes : allowed)
                rest = name.Replace(rest, " ");
            if (line.InProviderNotes)
                rest = ProviderQuotes().Replace(rest, " ");
            if (LatinWord().IsMatch(rest))
                failures.Add($"{line.Where}: {line.Text}");
        }
        return failures;
    }

    private static List<Regex> Matchers(IEnumerable<string> names) =>
        [.. names.Where(n => n.Length > 0).Distinct().OrderByDescending(n => n.Length)
            .Select(n => new Regex($"(?<![A-Za-z0-9]){Regex.Escape(n)}(?![A-Za-z0-9])"))];

    private static IReadOnlyList<string> ChineseOutsideNotes(IEnumerable<VisibleLine> lines) =>
        [.. lines.Where(l => !l.InProviderNotes && Chinese().IsMatch(l.Text)).Select(l => $"{l.Where}: {l.Text}")];

    /// <summary>What is the same in every language: URLs, addresses, host and file names (they have
    /// a dot), domain patterns (outlook.*), DNS labels (._domainkey), record tags (p=reject), lowercase
    /// hyphenated identifiers (mail-eu, read-secret), paths, hexadecimal fingerprints, "UTC+8".</summary>
    [GeneratedRegex(@"https?://\S+|[\w.+-]+@[\w.-]+|(?<![\w/])/[\w./{}-]+|\b[\w-]+(?:/[\w.-]+)+|\b[\w-]+(?:\.[\w-]+)+\b|\b[\w-]+\.\*|(?<![\w.])\.[\w-]+(?:\.[\w-]+)*|\b[\w-]+=[\w.-]+|\b[a-z0-9]+(?:-[a-z0-9]+)+\b|\b(?:[0-9A-Fa-f]{2}:){3,}[0-9A-Fa-f]{2}\b|\b[0-9A-Fa-f]{16,}\b|UTC[+-]\d+(?::\d\d)?")]
    private static partial Regex Verbatim();

    /// <summary>How a provider's notes quote its own console and servers: "quoted" or “quoted”
    /// text, a menu path (Settings → API Keys → Create API Key), an original term in parentheses
    /// (Server API token), an SMTP reply (535 Authentication Credentials Invalid), a region id (eu-west-1).</summary>
    [GeneratedRegex(@"""[^""\n]*""|“[^”]*”|（[^）\p{IsCJKUnifiedIdeographs}]*）|\([^)\p{IsCJKUnifiedIdeographs}]*\)|[^，。；：、（）\n]*(?:→[^，。；：、（）→\n]*)+|\b[245]\d\d(?: [A-Za-z][\w.-]*)+|\b[a-z]{2}(?:-[a-z]+)+-\d\b")]
    private static partial Regex ProviderQuotes();

    [GeneratedRegex("[A-Za-z]{2,}")]
    private static partial Regex LatinWord();

    [GeneratedRegex(@"[\p{IsCJKUnifiedIdeographs}\u3000-\u303F\uFF00-\uFFEF]")]
    private static partial Regex Chinese();
}
