using SmtpPortal.Alerts;

namespace SmtpPortal.Hosting;

public static class AlertsHostingExtensions
{
    /// <summary>Alert channels, the alerts, and what raises them: the scheduled check and the
    /// relay's watcher (SmtpPortal:Alerts).</summary>
    public static WebApplicationBuilder AddAlerts(this WebApplicationBuilder builder)
    {
        builder.Services.AddAlerts();
        builder.Services.AddSingleton<ScheduledCheckService>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<ScheduledCheckService>());
        builder.Services.AddSingleton<RelayAlertsService>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<RelayAlertsService>());
        return builder;
    }

    /// <summary>Everything but the background job; component tests use this alone.</summary>
    public static IServiceCollection AddAlerts(this IServiceCollection services)
    {
        services.AddOptions<AlertsOptions>()
            .Configure<IServiceProvider>((options, provider) => provider.GetService<IConfiguration>()?.GetSection(AlertsOptions.Section).Bind(options))
            .ValidateDataAnnotations().ValidateOnStart();
        // No request logging: robot URLs carry their keys (and Telegram's its bot token) in the URL.
        services.AddHttpClient(AlertService.HttpClientName, http => http.Timeout = TimeSpan.FromMinutes(2)).RemoveAllLoggers();
        services.AddLocalization(options => options.ResourcesPath = Localization.UiLanguage.ResourcesPath);
        services.AddSingleton<AlertChannelStore>();
        services.AddSingleton<AlertService>();
        services.AddSingleton<ScheduledCheck>();
        services.AddSingleton<RelayAlerts>();
        return services;
    }
}
