using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace SmtpPortal.Localization;

/// <summary>The string resources of a type that is not a component and has no services to inject
/// them (extension methods, records that describe themselves): the same .resx files and lookup as
/// <see cref="IStringLocalizer{T}"/>, read in the current UI culture at each call.</summary>
public static class StaticLocalizer
{
    private static readonly ResourceManagerStringLocalizerFactory Factory = new(
        Options.Create(new LocalizationOptions { ResourcesPath = UiLanguage.ResourcesPath }), NullLoggerFactory.Instance);

    /// <summary>The strings of <paramref name="type"/>, in Resources/&lt;namespace below SmtpPortal&gt;/&lt;type&gt;.resx;
    /// a typeof() because static classes cannot be type arguments.</summary>
    public static IStringLocalizer For(Type type) => Factory.Create(type);
}
