using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using SmtpPortal.Hosting;
using SmtpPortal.Localization;

namespace SmtpPortal.Tests.TestSupport;

public static class BunitSetup
{
    /// <summary>The one shared bUnit setup: the portal's string resources, MudBlazor without transitions, loose JS interop and
    /// the server render mode the portal runs in. Call it after every other registration: setting
    /// the renderer info builds the service provider.</summary>
    public static BunitContext AddSmtpPortalTestServices(this BunitContext context)
    {
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddLocalization(options => options.ResourcesPath = UiLanguage.ResourcesPath);
        context.Services.AddMudServices(options =>
        {
            UiHostingExtensions.ConfigureMudBlazor(options);
            options.SnackbarConfiguration.ShowTransitionDuration = 0;
            options.SnackbarConfiguration.HideTransitionDuration = 0;
            options.PopoverOptions.CheckForPopoverProvider = false;
        });
        context.Services.AddTransient<MudLocalizer, PortalMudLocalizer>();
        context.SetRendererInfo(new RendererInfo("Server", true));
        return context;
    }
}
