using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Primitives;

namespace SmtpPortal.Localization;

/// <summary>Wraps a request culture provider (cookie, Accept-Language) so that what it finds is
/// mapped onto the portal's two languages: "zh-Hans" or "zh" must read the zh-CN resources, and
/// resource lookup alone would fall back from them to English.</summary>
public sealed class SupportedLanguageProvider(IRequestCultureProvider inner) : IRequestCultureProvider
{
    public async Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var found = await inner.DetermineProviderCultureResult(httpContext);
        if (found is null)
            return null;
        // Accept-Language lists languages in the browser's order: the first one the portal speaks wins.
        foreach (var name in found.UICultures)
        {
            if (name.Value is { } value && UiLanguage.Normalize(value) is { } supported)
                return new ProviderCultureResult(new StringSegment(supported));
        }
        return null;
    }
}
