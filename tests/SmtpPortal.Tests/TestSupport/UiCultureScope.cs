using System.Globalization;

namespace SmtpPortal.Tests.TestSupport;

/// <summary>Runs a test in a UI language, as the request localization middleware would set it,
/// and puts the previous culture back afterwards.</summary>
public sealed class UiCultureScope : IDisposable
{
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

    public UiCultureScope(string culture)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
    }

    public void Dispose()
    {
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
    }
}
