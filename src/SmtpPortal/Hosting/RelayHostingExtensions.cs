using SmtpPortal.Fallback;
using SmtpPortal.Relay;
using SmtpPortal.Relay.Delivery;
using SmtpPortal.Relay.Listener;

namespace SmtpPortal.Hosting;

public static class RelayHostingExtensions
{
    /// <summary>The relay: its options (checked at start), its stores and the two hosted
    /// services, the listener (on while the admin's switch is) and the delivery loop.</summary>
    public static WebApplicationBuilder AddRelay(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RelayOptions>()
            .BindConfiguration(RelayOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddRelayServices();
        builder.Services.AddHostedService(services => services.GetRequiredService<RelayListenerService>());
        builder.Services.AddHostedService<RelayDeliveryService>();
        return builder;
    }

    /// <summary>The relay's stores and rules without its hosted services: what the pages, the API
    /// and the command line call.</summary>
    public static IServiceCollection AddRelayServices(this IServiceCollection services)
    {
        services.AddOptions<RelayOptions>();
        services.AddSingleton<QueueFolder>();
        services.AddSingleton<QueueSignal>();
        services.AddSingleton<SendLogUpdates>();
        services.AddSingleton<QueueWriter>();
        services.AddSingleton<RelayQueue>();
        services.AddSingleton<SendLog>();
        services.AddSingleton<RelayHealth>();
        services.AddSingleton<RelayAppStore>();
        services.AddSingleton<RelayStateStore>();
        services.AddSingleton<RelayRefusals>();
        services.AddSingleton<RelayRuntime>();
        services.AddSingleton<RelayAppSettings>();
        services.AddSingleton<RelayCertificate>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<SessionServices>();
        services.AddSingleton<SendingPace>();
        services.AddSingleton<RelayListenerService>();
        services.AddSingleton<ProviderFailover>();
        return services;
    }
}
