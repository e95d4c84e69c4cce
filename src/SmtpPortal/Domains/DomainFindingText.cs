using System.Globalization;
using Microsoft.Extensions.Localization;

namespace SmtpPortal.Domains;

/// <summary>The words for the From-domain check's findings (Resources/Domains/DomainFindingText.resx):
/// the page renders them in the admin's language, the API and the CLI in English.</summary>
public sealed class DomainFindingText(IStringLocalizer<DomainFindingText> text)
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    public string Describe(DomainFinding finding) =>
        finding.Note is { } note ? note.Text : text[finding.Code, finding.Args.Cast<object>().ToArray()];

    public string Skipped(DomainReport report) => report.Skipped switch
    {
        CheckSkipped.NotAnAddress => text["SkippedNotAnAddress"],
        CheckSkipped.ProviderDomain => text["SkippedProviderDomain", report.Domain!, report.Preset.Name],
        CheckSkipped.DnsOff => text["SkippedDnsOff"],
        _ => "",
    };

    public string ValueFromProvider(string providerName) => text["ValueFromProvider", providerName];

    public string Title(string check) => text["Title_" + check];

    public string VerdictWord(Verdict verdict) => text["Verdict_" + verdict];

    /// <summary>Machine-facing output (API, CLI) speaks English whatever the caller's culture.</summary>
    public static T InEnglish<T>(Func<T> render)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = English;
        try
        {
            return render();
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
