using System.Text;

namespace SmtpPortal.Tests.Alerts;

/// <summary>Every byte of the database and its WAL as text, for plaintext checks.</summary>
internal static class AlertDatabaseFiles
{
    public static async Task<string> ReadAllAsync(string dataDirectory)
    {
        var text = new StringBuilder();
        foreach (var file in Directory.GetFiles(dataDirectory, "*.db*", SearchOption.AllDirectories))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.Latin1);
            text.Append(await reader.ReadToEndAsync(TestContext.Current.CancellationToken));
        }
        return text.ToString();
    }
}
