using Microsoft.Extensions.DependencyInjection.Extensions;
using SmtpPortal.Domains;

namespace SmtpPortal.Hosting;

public static class DomainHostingExtensions
{
    /// <summary>DNS lookups (SmtpPortal:Dns) and the From-domain checks built on them.</summary>
    public static IServiceCollection AddDomainChecks(this IServiceCollection services)
    {
        // Bound from configuration where the host has one; a host without (a component test) gets the defaults.
        services.AddOptions<DnsOptions>()
            .Configure<IServiceProvider>((options, provider) => provider.GetService<IConfiguration>()?.GetSection(DnsOptions.Section).Bind(options))
            .ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DomainDns>();
        services.AddSingleton<SpfCheck>();
        services.AddSingleton<DkimCheck>();
        services.AddSingleton<DmarcCheck>();
        services.AddSingleton<FromDomainCheck>();
        // The findings' words are resources; the CLI has no UI registrations, so this is here too.
        services.AddLocalization(options => options.ResourcesPath = Localization.UiLanguage.ResourcesPath);
        services.AddSingleton<DomainFindingText>();
        return services;
    }
}
