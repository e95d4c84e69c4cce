using SmtpPortal.Fallback;
using SmtpPortal.Localization;
using SmtpPortal.Providers;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;
using SmtpPortal.Smtp.Diagnostics;

namespace SmtpPortal.Hosting;

public static class SmtpHostingExtensions
{
    /// <summary>The provider catalog, the settings and their rules, and the sending path.</summary>
    public static WebApplicationBuilder AddSmtpSending(this WebApplicationBuilder builder)
    {
        builder.Services.AddSmtpSending();
        return builder;
    }

    /// <summary>Needs <see cref="DataHostingExtensions.AddSmtpPortalStorage"/>; used as it is by
    /// the portal, the command line and component tests.</summary>
    public static IServiceCollection AddSmtpSending(this IServiceCollection services)
    {
        // Diagnoses are worded from .resx (decision 22); the command line has no UI registrations.
        services.AddLocalization(options => options.ResourcesPath = UiLanguage.ResourcesPath);
        services.AddDomainChecks();
        services.AddSingleton(LoadCatalog);
        services.AddSingleton(_ => ProviderAdvice.LoadShipped());
        services.AddSingleton<ProviderDetector>();
        services.AddSingleton<FromAddressCheck>();
        services.AddSingleton<SmtpSettingsStore>();
        services.AddSingleton<FallbackProviderStore>();
        services.AddSingleton<FallbackMail>();
        services.AddSingleton<FallbackCheck>();
        services.AddSingleton<SmtpSettingsEditor>();
        services.AddSingleton<CredentialRotation>();
        services.AddSingleton<SmtpSender>();
        services.AddSingleton<SmtpConnections>();
        services.AddSingleton<TestQuota>();
        services.AddSingleton<TestEmailService>();
        services.AddSingleton<DiagnosisText>();
        services.AddSingleton<StageText>();
        services.AddSingleton<RunReports>();
        services.AddSingleton<PortProbe>();
        services.AddSingleton<PortProbeText>();
        services.AddSingleton<PortProbeService>();
        services.AddSingleton<CertificateTrustText>();
        services.AddSingleton(LoadSendingLimits);
        services.AddSingleton<ProviderDelivery>();
        services.AddOptions<Security.AdminSecurityOptions>();
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
