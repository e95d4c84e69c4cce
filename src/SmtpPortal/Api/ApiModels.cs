using System.Text.Json.Serialization;
using SmtpPortal.Providers;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;

namespace SmtpPortal.Api;

/// <summary>The settings as the API shows them. Password appears only when asked for with a
/// read-secret token; otherwise only whether and when one was set.</summary>
public sealed record ApiSettings(
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
/// in the form; revision, when given, must match the stored one (else 409).</summary>
public sealed record ApiSettingsUpdate(
    string? Preset, string? Host, int? Port, string? Security, string? Username, string? Password,
    string? FromAddress, string? FromName, string? ReplyTo, int? Revision);

public sealed record ApiTestRequest(string? To);

public sealed record ApiTestResult(
    bool Succeeded, string Category, string Summary, int? ReplyCode, string? ServerReply, long ElapsedMs)
{
    public static ApiTestResult From(SendOutcome o) => new(
        o.Succeeded, o.Category.ToString(), o.Summary, o.ReplyCode, o.ServerReply, (long)o.Elapsed.TotalMilliseconds);
}

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
