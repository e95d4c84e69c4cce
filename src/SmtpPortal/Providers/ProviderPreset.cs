using System.Globalization;
using SmtpPortal.Smtp;

namespace SmtpPortal.Providers;

/// <summary>What SmtpPortal knows about one mail provider. Presets are data (presets.json), so a
/// new provider or field never needs a new class or a change to the UI.</summary>
public sealed record ProviderPreset
{
    public const string CustomId = "custom";

    public required string Id { get; init; }
    public required string Name { get; init; }
    public IReadOnlyList<PresetHost> Hosts { get; init; } = [];
    public IReadOnlyList<PresetPort> Ports { get; init; } = [];
    public int? RecommendedPort { get; init; }
    public UsernameForm UsernameForm { get; init; }
    public SecretKind SecretKind { get; init; }

    /// <summary>What a well-formed secret of this provider looks like; checked before sending.</summary>
    public SecretShape SecretShape { get; init; }

    /// <summary>The secret field's label when the kind's generic word is not exact (Mailjet's
    /// "secret key", Postmark's "server API token"); null uses the secret kind's label.</summary>
    public LocalizedText? SecretLabel { get; init; }

    /// <summary>The fixed username of a <see cref="UsernameForm.LiteralApiKey"/> preset: "apikey"
    /// (SendGrid) unless the preset names another word ("resend").</summary>
    public string? LiteralUsername { get; init; }

    public string FixedUsername => LiteralUsername ?? "apikey";

    /// <summary>The username field's hint when the form's generic hint is not exact.</summary>
    public LocalizedText? UsernameHint { get; init; }

    /// <summary>Steps and gotchas, keyed by language ("en", "zh").</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Notes { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>A banner shown above everything else, keyed by language; absent for most.</summary>
    public IReadOnlyDictionary<string, string>? Warning { get; init; }
    public string? DocsUrl { get; init; }
    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>True when no documentation of the provider's own could be read for these settings:
    /// they are reported (other mail clients' lists, users), and the warning says so.</summary>
    public bool Reported { get; init; }
    public DateOnly? Verified { get; init; }
    public IReadOnlyList<string> LegacyHosts { get; init; } = [];

    /// <summary>Email domains whose addresses belong to this provider.</summary>
    public IReadOnlyList<string> Domains { get; init; } = [];

    /// <summary>OAuth2 sign-in endpoints, for presets whose SMTP accepts XOAUTH2; null otherwise.</summary>
    public PresetOAuth? OAuth { get; init; }

    /// <summary>MX hosts, SPF includes and DKIM selectors; null when the DNS says nothing about the provider.</summary>
    public PresetDns? Dns { get; init; }

    public bool IsCustom => Id == CustomId;

    /// <summary>The host for an address at this domain: the host whose region lists the domain
    /// (zoho.eu → smtp.zoho.eu), else the first.</summary>
    public string? HostFor(string domain) =>
        Hosts.FirstOrDefault(h => h.Domains.Any(d => d.Equals(domain, StringComparison.OrdinalIgnoreCase)))?.Host ?? DefaultHost;
    public string? DefaultHost => Hosts.Count > 0 ? Hosts[0].Host : null;
    public PresetPort? DefaultPort =>
        Ports.FirstOrDefault(p => p.Port == RecommendedPort) ?? Ports.FirstOrDefault();

    public IReadOnlyList<string> NotesFor(CultureInfo culture) => Localized(Notes, culture) ?? [];
    public string? WarningFor(CultureInfo culture) => Warning is null ? null : Localized(Warning, culture);

    private static T? Localized<T>(IReadOnlyDictionary<string, T> texts, CultureInfo culture) where T : class =>
        texts.GetValueOrDefault(culture.TwoLetterISOLanguageName) ?? texts.GetValueOrDefault("en");
}

public sealed record PresetHost(string Host, LocalizedText? Region = null)
{
    /// <summary>Email domains whose accounts live in this host's region (a subset of the preset's domains).</summary>
    public IReadOnlyList<string> Domains { get; init; } = [];
}

public sealed record PresetPort(int Port, SecurityMode Security, LocalizedText? Note = null)
{
    public string Label => $"{Port} · {Security.Describe()}";
}

public enum UsernameForm
{
    FullAddress,

    /// <summary>The part of the address before @ (Yahoo! JAPAN, WEB.DE).</summary>
    LocalPart,
    LiteralApiKey,
    DashboardLogin,
    ApiKey,
    Custom,
}

public enum SecretKind
{
    AccountPassword,
    AppPassword,
    AuthorizationCode,
    ApiKey,
    SmtpKey,
    OAuth2Only,

    /// <summary>OAuth2 is the way in ("Sign in with …"); a password still works where the
    /// account's administrator allows it, and the form warns about it.</summary>
    OAuth2Preferred,
    Custom,
}

/// <summary>The form a provider gives its secrets, so a wrong paste is caught before it is sent.</summary>
public enum SecretShape
{
    /// <summary>No known form: anything goes.</summary>
    Any,

    /// <summary>16 letters or digits, shown in groups (Gmail "abcd efgh ijkl mnop", iCloud
    /// "abcd-efgh-ijkl-mnop", QQ/163 authorization codes); spaces are removed.</summary>
    SixteenLetters,

    /// <summary>A SendGrid API key: starts with "SG." and the username is the literal "apikey".</summary>
    SendGridApiKey,
}
