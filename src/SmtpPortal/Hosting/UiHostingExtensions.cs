using MudBlazor;
using MudBlazor.Services;
using SmtpPortal.Components;

namespace SmtpPortal.Hosting;

public static class UiHostingExtensions
{
    public static WebApplicationBuilder AddPortalUi(this WebApplicationBuilder builder)
    {
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
        builder.Services.AddMudServices(mud =>
        {
            mud.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight;
            mud.SnackbarConfiguration.ShowCloseIcon = true;
        });
        return builder;
    }

    public static WebApplication UsePortalPipeline(this WebApplication app)
    {
        app.UseReverseProxySupport();
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapPortalUi(this WebApplication app)
    {
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
