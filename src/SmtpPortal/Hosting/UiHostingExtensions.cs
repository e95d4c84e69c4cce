using MudBlazor;
using MudBlazor.Services;
using Microsoft.AspNetCore.Localization;
using SmtpPortal.Components;
using SmtpPortal.Localization;

namespace SmtpPortal.Hosting;

public static class UiHostingExtensions
{
    public static WebApplicationBuilder AddPortalUi(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices(mud =>
        {
            mud.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight;
            mud.SnackbarConfiguration.ShowCloseIcon = true;
        });
        return builder;
    }

    public static WebApplication UsePortalPipeline(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        app.UseRequestLocalization(PortalLocalization());
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    /// <summary>English or Simplified Chinese: the language cookie (the switch in the app bar)
    /// first, then the browser's Accept-Language, then English.</summary>
    public static RequestLocalizationOptions PortalLocalization()
    {
        // A browser that sends only "zh" or "zh-Hans" reads Simplified Chinese too.
        string[] accepted = [.. UiLanguage.Supported, "zh-Hans", "zh"];
        var options = new RequestLocalizationOptions()
            .SetDefaultCulture(UiLanguage.English)
            .AddSupportedCultures(accepted)
            .AddSupportedUICultures(accepted);
        options.FallBackToParentUICultures = true;
        options.FallBackToParentCultures = true;
        options.RequestCultureProviders =
        [
            new CookieRequestCultureProvider { CookieName = UiLanguage.CookieName },
            new AcceptLanguageHeaderRequestCultureProvider(),
        ];
        return options;
    }

    public static WebApplication MapPortalUi(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
