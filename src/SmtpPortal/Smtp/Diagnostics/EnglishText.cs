using System.Globalization;

namespace SmtpPortal.Smtp.Diagnostics;

/// <summary>Renders machine-facing text (History details, log lines, the API, the command line)
/// in English, whatever the reader's language is on the page.</summary>
public static class EnglishText
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("en");

    public static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");

    public static T Render<T>(Func<T> render) => RenderIn(Culture, render);

    /// <summary>Both languages' words, for a record (History) that each viewer reads in their own.</summary>
    public static History.AuditText Bilingual(Func<string> render) =>
        History.AuditText.Words(RenderIn(Culture, render), RenderIn(Chinese, render));

    public static T RenderIn<T>(CultureInfo culture, Func<T> render)
    {
        var saved = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = culture;
        try
        {
            return render();
        }
        finally
        {
            CultureInfo.CurrentUICulture = saved;
        }
    }
}
