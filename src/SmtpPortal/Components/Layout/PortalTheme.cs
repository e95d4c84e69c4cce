using MudBlazor;

namespace SmtpPortal.Components.Layout;

/// <summary>The portal's colours. Browsers get them from wwwroot/theme.css, which is generated from
/// this theme: after a change here, ThemeStylesheetTests fails and says how to regenerate the file.</summary>
public static class PortalTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3949ab",
            Secondary = "#00897b",
            AppbarBackground = "#3949ab",
            Background = "#f5f6fa",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#8c9eff",
            PrimaryContrastText = "rgba(0,0,0,0.87)",
            Secondary = "#4db6ac",
            SecondaryContrastText = "rgba(0,0,0,0.87)",
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "8px" },
    };
}
