using System.Globalization;
using System.Text;

namespace SmtpPortal.Bench.Infrastructure;

/// <summary>One measured figure: SmtpPortal's value, the reference's (if the figure has one) and the
/// target, which is either a ratio to the reference or an absolute bound.</summary>
public sealed record Figure(
    string Name, string Unit, double Portal, double? Reference, double Target, TargetKind Kind, string Detail)
{
    public double? Ratio => Reference is { } reference && reference != 0 ? Portal / reference : null;
    public double Judged => Kind == TargetKind.RatioAtMost ? Ratio ?? double.NaN : Portal;
    public bool Met => Judged <= Target;
}

public enum TargetKind
{
    RatioAtMost,
    AtMost,
}

/// <summary>Collects figures and notes from every harness and writes them as results.md.</summary>
public sealed class Report(BenchSettings settings)
{
    private readonly List<Figure> _figures = [];
    private readonly List<(string Section, string Text)> _notes = [];

    public IReadOnlyList<Figure> Figures => _figures;

    public void Add(Figure figure)
    {
        _figures.Add(figure);
        Console.WriteLine($"  {figure.Name}: {Format(figure.Portal, figure.Unit)}"
            + (figure.Reference is { } r ? $" vs {Format(r, figure.Unit)} (×{figure.Ratio:0.00})" : "")
            + $" → {(figure.Met ? "met" : "MISSED")}");
    }

    /// <summary>A paragraph or table under the section's heading in results.md.</summary>
    public void Note(string section, string text) => _notes.Add((section, text));

    public async Task WriteAsync(DateTimeOffset started, TimeSpan took, string machine)
    {
        var text = new StringBuilder();
        text.AppendLine(settings.Smoke ? "# Benchmark results (SMOKE run: tiny counts, figures mean nothing)" : "# Benchmark results");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Run {started:yyyy-MM-dd HH:mm} UTC, took {took.TotalMinutes:0.0} min, with `bench/run.sh{(settings.Smoke ? " --smoke" : "")}`. {machine}");
        text.AppendLine();
        text.AppendLine("| figure | SmtpPortal | reference | ratio | target | met |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var f in _figures)
        {
            var target = f.Kind == TargetKind.RatioAtMost ? $"≤ {f.Target:0.00}×" : $"≤ {Format(f.Target, f.Unit)}";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {f.Name} | {Format(f.Portal, f.Unit)} | {(f.Reference is { } r ? Format(r, f.Unit) : "—")} | {(f.Ratio is { } x ? $"{x:0.00}×" : "—")} | {target} | {(f.Met ? "yes" : "**no**")} |");
        }
        if (_figures.Any(f => !f.Met))
        {
            // The causes are measured by hand (profiles, heap dumps), so they live in text a run
            // does not overwrite.
            text.AppendLine();
            text.AppendLine("A missed target is a finding, not a failure: what causes each one, and why the target is "
                + "wrong where it is, is in [README.md](README.md#why-the-missed-targets-are-missed) "
                + "(\"Why the missed targets are missed\"), with what the bench found and fixed.");
        }
        foreach (var section in _notes.Select(n => n.Section).Distinct())
        {
            text.AppendLine();
            text.AppendLine($"## {section}");
            foreach (var (_, note) in _notes.Where(n => n.Section == section))
            {
                text.AppendLine();
                text.AppendLine(note);
            }
        }
        Directory.CreateDirectory(Path.GetDirectoryName(settings.ResultsFile)!);
        await File.WriteAllTextAsync(settings.ResultsFile, text.ToString());
    }

    public static string Format(double value, string unit) => unit switch
    {
        "ms" => value.ToString(value < 10 ? "0.00" : "0", CultureInfo.InvariantCulture) + " ms",
        "MB" => value.ToString("0.0", CultureInfo.InvariantCulture) + " MB",
        "KB" => value.ToString("0", CultureInfo.InvariantCulture) + " KB",
        _ => value.ToString("0.##", CultureInfo.InvariantCulture) + " " + unit,
    };

    public static string Mb(long bytes) => (bytes / 1024d / 1024d).ToString("0.0", CultureInfo.InvariantCulture);
}
