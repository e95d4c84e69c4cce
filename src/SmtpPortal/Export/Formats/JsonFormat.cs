using System.Text.Json;
using System.Text.Json.Serialization;

namespace SmtpPortal.Export.Formats;

/// <summary>The settings as one JSON object, for tools that read JSON (security: ssl, starttls, none).</summary>
public sealed class JsonFormat : ExportFormat
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public override string Id => "json";
    public override IReadOnlyList<string> InstructionCode => ["smtp.json"];
    public override string FileName => "smtp.json";
    public override string DocsUrl => "https://www.rfc-editor.org/rfc/rfc8259";
    public override string ContentType => "application/json";

    public override string Render(ExportValues values) => JsonSerializer.Serialize(new
    {
        host = values.Host,
        port = values.Port,
        security = Smtp.SecurityModeNames.ToName(values.Security),
        username = values.Username,
        password = values.Password,
        fromAddress = values.FromAddress,
        fromName = values.FromName,
        replyTo = values.ReplyTo,
    }, Options) + "\n";
}
