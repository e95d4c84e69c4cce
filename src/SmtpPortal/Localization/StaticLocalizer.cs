using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace SmtpPortal.Localization;

/// <summary>The localizer of a type that has no dependency injection to ask (the input rules,
/// extension methods such as <c>PresetText</c>, records that describe themselves): the same factory
/// and resource layout as <c>IStringLocalizer&lt;T&gt;</c>, so the strings of type A.B.C live in
/// Resources/A/B/C.resx and C.zh-CN.resx. The text follows the current UI culture at each call:
/// the request's on a page, English for the API and the command line (they set it so).</summary>
public static class StaticLocalizer
{
    private static readonly ResourceManagerStringLocalizerFactory Factory = new(
        Options.Create(new LocalizationOptions { ResourcesPath = UiLanguage.ResourcesPath }), NullLoggerFactory.Instance);

    /// <summary>A typeof() because static classes cannot be type arguments.</summary>
    public static IStringLocalizer For(Type type) => Factory.Create(type);
}
