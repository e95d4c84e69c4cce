using System.Globalization;

namespace SmtpPortal.Smtp.Diagnostics;

/// <summary>Renders machine-facing text (History details, log lines, the API, the command line)
/// in English, whatever the reader's language is on the page.</summary>
public static class EnglishText
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("en");

    public static T Render<T>(Func<T> render)
    {
        var saved = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = Culture;
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
