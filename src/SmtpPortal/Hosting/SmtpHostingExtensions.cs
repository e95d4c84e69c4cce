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
        services.AddDomainChecks();
        services.AddSingleton(LoadCatalog);
        services.AddSingleton<ProviderDetector>();
        services.AddSingleton<ISmtpClientFactory, MailKitSmtpClientFactory>();
        services.AddSingleton<TestEmailSender>();
        services.AddSingleton<TestEmailService>();
        services.AddSingleton<SmtpPortal.Smtp.Diagnostics.PortProbe>();
        services.AddSingleton(LoadSendingLimits);
        services.AddSingleton<ProviderDelivery>();
        services.AddOptions<Security.AdminSecurityOptions>();
        services.AddSingleton<TestSendLimiter>();
        services.AddOAuthSignIn();
        return services;
    }

    /// <summary>The shipped sending limits plus the operator's file in the data directory, if any.</summary>
    private static SendingLimits LoadSendingLimits(IServiceProvider services)
    {
        var dataDirectory = services.GetService<DataDirectory>();
        return dataDirectory is null
            ? SendingLimits.LoadShipped()
            : SendingLimits.Load(dataDirectory.SendingLimitsFile, services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SendingLimits)));
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
}
