using SmtpPortal.Providers;
using SmtpPortal.Smtp;

namespace SmtpPortal.Hosting;

public static class SmtpHostingExtensions
{
    /// <summary>The provider catalog and the test-send path.</summary>
    public static WebApplicationBuilder AddSmtpSending(this WebApplicationBuilder builder)
    {
        builder.Services.AddSmtpSending();
        return builder;
    }

    public static IServiceCollection AddSmtpSending(this IServiceCollection services)
    {
        services.AddSingleton(LoadCatalog);
        services.AddSingleton<ProviderDetector>();
        services.AddHostedService<PresetCatalogStartupCheck>();
        services.AddSingleton<ISmtpClientFactory, MailKitSmtpClientFactory>();
        services.AddSingleton<TestEmailSender>();
        services.AddSingleton<TestEmailService>();
        services.AddSingleton<SmtpPortal.Smtp.Diagnostics.PortProbe>();
        return services;
    }

    /// <summary>The shipped presets plus the operator's file in the data directory, if any.</summary>
    private static ProviderCatalog LoadCatalog(IServiceProvider services)
    {
        var shipped = ProviderCatalog.LoadShipped();
        var dataDirectory = services.GetService<DataDirectory>();
        return dataDirectory is null
            ? shipped
            : PresetOverrideFile.Apply(shipped, dataDirectory.PresetsFile,
                services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PresetOverrideFile)));
    }

    /// <summary>Builds the catalog while the app starts, so a broken operator file is reported in
    /// the start-up log rather than at the first visit of the settings page.</summary>
    private sealed class PresetCatalogStartupCheck(ProviderCatalog catalog, ILogger<PresetCatalogStartupCheck> logger)
        : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            logger.LogInformation("Provider catalog: {Count} presets.", catalog.All.Count);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
