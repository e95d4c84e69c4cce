using System.Text.Json.Serialization;
using SmtpPortal.Providers;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;
using SmtpPortal.Smtp.Diagnostics;

namespace SmtpPortal.Api;

/// <summary>The settings as the API shows them. Password appears only when asked for with a
/// read-secret token; otherwise only whether and when one was set.</summary>
public record ApiSettings(
    string Preset, string Host, int Port, string Security, string? Username,
    bool PasswordSet, DateTimeOffset? PasswordSetAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Password,
    string FromAddress, string? FromName, string? ReplyTo, int Revision, DateTimeOffset UpdatedAt)
{
    public static ApiSettings From(SmtpSettings s, string? password = null) => new(
        s.PresetId, s.Host, s.Port, s.Security.ToName(), s.Username, s.HasPassword, s.PasswordSetAt, password,
        s.FromAddress, s.FromName, s.ReplyTo, s.Revision, s.UpdatedAt);
}

/// <summary>A whole new set of settings (PUT). An empty password keeps the stored one, exactly as
/// in the form; revision, when given, must match the stored one (else 409). A new password or
/// destination is tested before it is stored, unless <see cref="SaveWithoutTesting"/> (History
/// records that choice).</summary>
public sealed record ApiSettingsUpdate(
    string? Preset, string? Host, int? Port, string? Security, string? Username, string? Password,
    string? FromAddress, string? FromName, string? ReplyTo, int? Revision, bool? SaveWithoutTesting = null,
    string? TrustCertificateSha256 = null);

/// <summary>The stored settings after a PUT, with what the rules warn about (a From the provider
/// rejects, a secret that was tidied up) and the test that ran before storing them, if any.</summary>
public sealed record ApiSavedSettings : ApiSettings
{
    private ApiSavedSettings(ApiSettings settings, IReadOnlyList<string> warnings, RunReport? test)
        : base(settings)
    {
        Warnings = warnings;
        Test = test;
    }

    public IReadOnlyList<string> Warnings { get; }
    public RunReport? Test { get; }

    public static ApiSavedSettings From(SmtpSettings s, IReadOnlyList<string> warnings, RunReport? test) =>
        new(ApiSettings.From(s), warnings, test);
}

public sealed record ApiTestRequest(string? To);

/// <summary>Probe the usual SMTP ports of a host (the saved one when empty) from this server.</summary>
public sealed record ApiProbeRequest(string? Host);

public sealed record ApiProbePort(int Port, string State, string? Banner, string Meaning, long ElapsedMs);

public sealed record ApiProbeResult(string Host, IReadOnlyList<ApiProbePort> Ports, int? RecommendedPort, string? RecommendedSecurity, string Recommendation);

/// <summary>Trust exactly the certificate the last failed run saw, by its SHA-256 (AB:CD:… or hex).</summary>
public sealed record ApiTrustRequest(string? Sha256, int? Revision);

public sealed record ApiPresetPort(int Port, string Security, string? Note);

public sealed record ApiPreset(
    string Id, string Name, IReadOnlyList<string> Hosts, IReadOnlyList<ApiPresetPort> Ports, int? RecommendedPort,
    string UsernameForm, string SecretKind, string? DocsUrl, DateOnly? Verified)
{
    // The API speaks English, whatever the server's culture.
    private static readonly System.Globalization.CultureInfo English = System.Globalization.CultureInfo.GetCultureInfo("en");

    public static ApiPreset From(ProviderPreset p) => new(
        p.Id, p.Name, [.. p.Hosts.Select(h => h.Host)],
        [.. p.Ports.Select(port => new ApiPresetPort(port.Port, port.Security.ToName(), port.Note?.For(English)))],
        p.RecommendedPort, p.UsernameForm.ToString(), p.SecretKind.ToString(), p.DocsUrl, p.Verified);
}
