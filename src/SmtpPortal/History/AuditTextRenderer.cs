using System.Globalization;
using Microsoft.Extensions.Localization;
using SmtpPortal.Localization;
using SmtpPortal.Providers;

namespace SmtpPortal.History;

/// <summary>Turns an <see cref="AuditText"/> into words: in the current UI language and the
/// viewer's time zone for the History page, or in English and UTC for the stored copy
/// (<see cref="AuditEntry.Details"/>) that text search and older readers use.</summary>
public static class AuditTextRenderer
{
    private static readonly IStringLocalizer History = StaticLocalizer.For(typeof(AuditText));

    /// <param name="catalog">Names presets; without it a preset shows as its id.</param>
    public static string Render(AuditText text, ViewerTimeZone zone, ProviderCatalog? catalog = null)
    {
        if (text.Literal is not null)
            return text.Literal;
        if (text.English is not null)
            return CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrEmpty(text.Chinese)
                ? text.Chinese : text.English;
        if (text.Time is { } time)
            return zone.FormatWithZone(time);
        if (text.PresetId is { } id)
            return catalog?.Find(id)?.DisplayName() ?? id;
        if (text.Security is { } mode)
            return mode.DescribeForUi();
        var args = text.Args.Select(a => Render(a, zone, catalog)).ToArray();
        if (text.Key == AuditText.ListKey)
            return string.Join(History["ListSeparator"], args);
        var localizer = text.Resource is null ? History : LocalizerFor(text.Resource);
        return localizer is null || text.Key is null
            ? string.Join(" ", args.Prepend(text.Key ?? ""))
            : localizer[text.Key, args];
    }

    /// <summary>The English words, times in UTC: what <see cref="AuditEntry.Details"/> keeps.</summary>
    public static string English(AuditText text)
    {
        var culture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
        try
        {
            return Render(text, ViewerTimeZone.Unknown);
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }

    /// <summary>What an entry says in the viewer's language: its message, or for an entry written
    /// before entries kept messages, its English text read back into one (<see cref="LegacyAuditDetails"/>);
    /// text that matches no known form is shown as it was written.</summary>
    public static string Describe(AuditEntry entry, ViewerTimeZone zone, ProviderCatalog? catalog = null) =>
        (AuditText.FromJson(entry.DetailsMessage) ?? LegacyAuditDetails.Read(entry)) is { } message
            ? Render(message, zone, catalog)
            : entry.Details;

    /// <summary>The action in the viewer's language; keys are "Action.&lt;name&gt;" (a test checks every action has one).</summary>
    public static string Describe(AuditAction action) => History[ActionKey(action)];

    public static string ActionKey(AuditAction action) => "Action." + action;

    private static IStringLocalizer? LocalizerFor(string typeName) =>
        typeof(AuditText).Assembly.GetType(typeName) is { } type ? StaticLocalizer.For(type) : null;
}
