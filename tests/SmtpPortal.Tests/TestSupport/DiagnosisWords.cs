using Microsoft.Extensions.DependencyInjection;
using SmtpPortal.Localization;
using SmtpPortal.Providers;
using SmtpPortal.Smtp;
using SmtpPortal.Smtp.Diagnostics;

namespace SmtpPortal.Tests.TestSupport;

/// <summary>The portal's own renderer of diagnoses (real .resx, in the current UI language), so
/// tests check the words an admin reads.</summary>
public static class DiagnosisWords
{
    private static readonly ServiceProvider Services = new ServiceCollection()
        .AddLogging()
        .AddLocalization(options => options.ResourcesPath = UiLanguage.ResourcesPath)
        .AddSingleton(ProviderAdvice.LoadShipped())
        .AddSingleton<StageText>()
        .AddSingleton<DiagnosisText>()
        .AddSingleton<RunReports>()
        .AddSingleton<PortProbeText>()
        .BuildServiceProvider();

    public static readonly ProviderCatalog Catalog = ProviderCatalog.LoadShipped();

    public static DiagnosisText Texts => Services.GetRequiredService<DiagnosisText>();
    public static StageText Stages => Services.GetRequiredService<StageText>();
    public static PortProbeText Probes => Services.GetRequiredService<PortProbeText>();

    public static DiagnosisReport Render(SendOutcome outcome, string preset = "custom") =>
        Texts.Render(outcome.Diagnosis, Catalog.FindOrCustom(preset));

    public static DiagnosisReport Render(SmtpDiagnosis diagnosis, string preset = "custom") =>
        Texts.Render(diagnosis, Catalog.FindOrCustom(preset));

    /// <summary>Every word the page shows about a run: summary, explanation, fix, quick fix, details.</summary>
    public static string All(DiagnosisReport report) =>
        string.Join("\n", new[] { report.Summary, report.Explanation, report.Fix, report.QuickFix?.Label }.OfType<string>().Concat(report.Details));

    public static string? StageDetail(SendOutcome outcome, SmtpStage stage) =>
        Stages.Describe(outcome.Stages.Single(s => s.Stage == stage));
}
