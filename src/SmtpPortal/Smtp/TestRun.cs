using System.Text.Json;
using System.Text.Json.Serialization;

namespace SmtpPortal.Smtp;

/// <summary>One run against the mail server (a test email, a connection check, the test of a new
/// password or of new settings), kept so that the Dashboard shows the newest result and a
/// certificate may be trusted only when a run saw it.</summary>
public sealed class TestRun
{
    private static readonly JsonSerializerOptions EvidenceJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public long Id { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public string AdminName { get; set; } = "";
    public string Recipient { get; set; } = "";
    public bool Succeeded { get; set; }
    public SmtpFailureCategory Category { get; set; }
    public int? ReplyCode { get; set; }

    /// <summary>The outcome in one English line, for whoever reads the table itself; pages render
    /// the reader's language from <see cref="Diagnosis"/>.</summary>
    public string Summary { get; set; } = "";

    /// <summary>The server's own last words (final reply or error), secrets excluded.</summary>
    public string? ServerReply { get; set; }
    public long DurationMs { get; set; }

    public TestRunKind Kind { get; set; }

    /// <summary>The SMTP conversation with every secret redacted.</summary>
    public string? Transcript { get; set; }

    /// <summary>The diagnosis's evidence as JSON (no secrets: hosts, codes, replies, certificate facts).</summary>
    public string? Evidence { get; set; }

    /// <summary>The settings revision the run used; null for settings not stored (a test before saving).</summary>
    public int? SettingsRevision { get; set; }

    public SmtpDiagnosis Diagnosis => new(Category,
        Evidence is null ? new SmtpEvidence { ReplyCode = ReplyCode, ServerReply = ServerReply }
            : JsonSerializer.Deserialize<SmtpEvidence>(Evidence, EvidenceJson) ?? new SmtpEvidence());

    public static string ToJson(SmtpEvidence evidence) => JsonSerializer.Serialize(evidence, EvidenceJson);
}

/// <summary>Stored by name: new kinds go at the end.</summary>
public enum TestRunKind
{
    /// <summary>A real test email.</summary>
    Send,

    /// <summary>"Check connection": connect, TLS, EHLO, AUTH, QUIT, no message.</summary>
    Check,

    /// <summary>New settings (a new password or destination) checked before they were stored.</summary>
    SaveCheck,

    /// <summary>A new (or the previous) password checked against the saved server before a rotation (or rollback).</summary>
    Rotation,
}
