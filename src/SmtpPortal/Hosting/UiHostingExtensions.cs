using MudBlazor;
using MudBlazor.Services;
using Microsoft.AspNetCore.Localization;
using SmtpPortal.Components;
using SmtpPortal.Localization;
using SmtpPortal.Security;

namespace SmtpPortal.Hosting;

public static class UiHostingExtensions
{
    public static WebApplicationBuilder AddPortalUi(this WebApplicationBuilder builder)
    {
        // IStringLocalizer<T> reads Resources/<T's namespace below SmtpPortal>/<T>.resx (English)
        // and <T>.zh-CN.resx: docs/decisions/0022-localization.md.
        builder.Services.AddLocalization(options => options.ResourcesPath = UiLanguage.ResourcesPath);
        // Limits chosen in docs/decisions/0006-circuit-limits.md.
        builder.Services.AddRazorComponents()
            .AddInteractiveServerComponents(circuit =>
            {
                circuit.DisconnectedCircuitMaxRetained = 10;
                circuit.DisconnectedCircuitRetentionPeriod = TimeSpan.FromMinutes(3);
                circuit.JSInteropDefaultCallTimeout = TimeSpan.FromSeconds(30);
                circuit.DetailedErrors = false;
            })
            .AddHubOptions(hub => hub.MaximumReceiveMessageSize = 32 * 1024);
        builder.Services.AddMudServices(ConfigureMudBlazor);
        builder.Services.AddTransient<MudLocalizer, PortalMudLocalizer>();
        return builder;
    }

    public static void ConfigureMudBlazor(MudServicesConfiguration mud)
    {
        mud.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight;
        mud.SnackbarConfiguration.ShowCloseIcon = true;
        // Each action's confirmation shows, even when the previous one's identical words are still
        // fading: MudBlazor's default dropped the second "Settings saved." and then hid the first,
        // leaving a second save with no confirmation at all.
        mud.SnackbarConfiguration.PreventDuplicates = false;
    }

    public static WebApplication UsePortalPipeline(this WebApplication app)
    {
        app.UseReverseProxySupport();
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        app.UseRequestLocalization(PortalLocalization());
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseRouting();
        app.UseApiTokenIdentity();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseRequiredPasswordChange();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    /// <summary>English or Simplified Chinese: the language cookie (the switch in the app bar)
    /// first, then the browser's Accept-Language, then English; the API sets English itself. Every
    /// Chinese the browser may name ("zh", "zh-Hans", "zh-SG"…) becomes zh-CN, the one culture the
    /// Chinese resources are for.</summary>
    public static RequestLocalizationOptions PortalLocalization()
    {
        var options = new RequestLocalizationOptions()
            .SetDefaultCulture(UiLanguage.English)
            .AddSupportedCultures([.. UiLanguage.Supported])
            .AddSupportedUICultures([.. UiLanguage.Supported]);
        options.FallBackToParentUICultures = true;
        options.FallBackToParentCultures = true;
        options.RequestCultureProviders =
        [
            new SupportedLanguageProvider(new CookieRequestCultureProvider { CookieName = UiLanguage.CookieName }),
            new SupportedLanguageProvider(new AcceptLanguageHeaderRequestCultureProvider()),
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
