using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace SmtpPortal.Bench.Infrastructure;

/// <summary>
/// The live managed heap of a running app, by type, from `dotnet gcdump report` (the repository's
/// local tool). Taking it forces a full blocking GC in the app, so read RSS before, never after.
/// Explains RSS figures: how much of a process is live objects, and which objects a circuit keeps.
/// </summary>
public sealed partial record HeapSnapshot(long Bytes, IReadOnlyDictionary<string, long> BytesByType)
{
    public static async Task<HeapSnapshot> TakeAsync(string repositoryRoot, int processId)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = repositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "gcdump", "report", "-p", processId.ToString(CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet gcdump did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var text = await output;
        var total = HeapBytes().Match(text);
        if (process.ExitCode != 0 || !total.Success)
            throw new InvalidOperationException($"dotnet gcdump report failed ({process.ExitCode}): {text}{await errors}");

        var byType = new Dictionary<string, long>();
        foreach (Match row in TypeRow().Matches(text))
        {
            var type = row.Groups["type"].Value.Trim();
            byType[type] = byType.GetValueOrDefault(type) + Number(row.Groups["bytes"].Value);
        }
        return new HeapSnapshot(Number(total.Groups[1].Value), byType);
    }

    private static long Number(string digits) => long.Parse(digits.Replace(",", ""), CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\s*([\d,]+)\s+GC Heap bytes", RegexOptions.Multiline)]
    private static partial Regex HeapBytes();

    /// <summary>"  262,168   1  System.Byte[] (Bytes > 100K)  [System.Private.CoreLib.dll]": size buckets merge.</summary>
    [GeneratedRegex(@"^\s*(?<bytes>[\d,]+)\s+(?<count>[\d,]+)\s+(?<type>.+?)(?:\s+\(Bytes > [^)]*\))?\s+\[[^\]]*\]\s*$", RegexOptions.Multiline)]
    private static partial Regex TypeRow();
}
