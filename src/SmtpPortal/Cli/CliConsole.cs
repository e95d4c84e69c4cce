using System.Text;

namespace SmtpPortal.Cli;

/// <summary>Where a command reads and writes; tests pass their own writers and input bytes.
/// Standard input is kept as bytes so that a secret read from it is checked, not repaired.</summary>
public sealed record CliConsole(TextWriter Out, TextWriter Error, Stream In)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static CliConsole System => new(Console.Out, Console.Error, Console.OpenStandardInput());

    /// <summary>A secret from standard input exactly as given, less the one line ending that
    /// <c>echo</c> adds. Bytes that are not UTF-8 are refused rather than stored as U+FFFD: the
    /// secret would silently no longer be the one the provider issued.</summary>
    /// <returns>The secret, or null and the reason it was refused.</returns>
    public async Task<(string? Secret, string? Problem)> ReadSecretAsync(CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await In.CopyToAsync(buffer, ct);
        string text;
        try
        {
            text = StrictUtf8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (DecoderFallbackException invalid)
        {
            return (null, $"standard input is not valid UTF-8 (byte {invalid.Index} of the input). Nothing was changed; send the secret as UTF-8 text.");
        }
        if (text.EndsWith("\r\n", StringComparison.Ordinal))
            text = text[..^2];
        else if (text.EndsWith('\n'))
            text = text[..^1];
        return (text, null);
    }
}
