using System.Globalization;

namespace SmtpPortal.Bench.Infrastructure;

/// <summary>Where a process's resident memory is: anonymous (GC heap, JIT'd code, native
/// allocations) vs file-backed (the mapped assemblies, native libraries, ICU data), and which
/// files weigh most. Read from /proc, so it costs the measured process nothing.</summary>
public sealed record MemoryBreakdown(double AnonymousMb, double FileMb, IReadOnlyList<(string File, double Mb)> LargestFiles)
{
    public static MemoryBreakdown Read(int processId)
    {
        var status = File.ReadAllLines($"/proc/{processId}/status");
        double Kb(string key) => double.Parse(
            status.First(l => l.StartsWith(key + ":", StringComparison.Ordinal))[(key.Length + 1)..].Trim().Split(' ')[0],
            CultureInfo.InvariantCulture);

        var byFile = new Dictionary<string, double>();
        string? current = null;
        foreach (var line in File.ReadLines($"/proc/{processId}/smaps"))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 5 && fields[0].Contains('-') && !line.EndsWith(':'))
                current = fields.Length >= 6 && fields[5].StartsWith('/') ? Path.GetFileName(fields[5]) : null;
            else if (current is not null && fields.Length >= 2 && fields[0] == "Rss:")
                byFile[current] = byFile.GetValueOrDefault(current) + double.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        var largest = byFile.OrderByDescending(f => f.Value).Take(12).Select(f => (f.Key, f.Value / 1024)).ToList();
        return new MemoryBreakdown(Kb("RssAnon") / 1024, (Kb("RssFile") + Kb("RssShmem")) / 1024, largest);
    }

    /// <summary>Executable memory (JIT'd code, stubs) that W^X maps twice through a memfd; each
    /// view counts in RSS.</summary>
    public double DoubleMappedMb => LargestFiles.Where(f => f.File.StartsWith("memfd:doublemapper", StringComparison.Ordinal)).Sum(f => f.Mb);

    public string Describe() =>
        $"anonymous {AnonymousMb:0.0} MB (GC heap, JIT'd code, native allocations), file-backed {FileMb:0.0} MB; "
        + "largest files: " + string.Join(", ", LargestFiles.Select(f => $"{f.File} {f.Mb:0.0}"));
}
