using Microsoft.Extensions.Localization;
using MudBlazor;

namespace SmtpPortal.Localization;

/// <summary>MudBlazor's own words (the "Close" of a snackbar, a date picker's "Next month"…), which
/// screen readers speak, from Resources/Localization/PortalMudLocalizer.resx; a key the portal
/// does not translate falls back to MudBlazor's English.</summary>
public sealed class PortalMudLocalizer(IStringLocalizer<PortalMudLocalizer> localizer) : MudLocalizer
{
    public override LocalizedString this[string key] => localizer[key];

    public override LocalizedString this[string key, params object[] arguments] => localizer[key, arguments];
}
