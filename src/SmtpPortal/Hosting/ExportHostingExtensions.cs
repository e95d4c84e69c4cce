using Microsoft.Extensions.DependencyInjection.Extensions;
using SmtpPortal.Export;
using SmtpPortal.Security;

namespace SmtpPortal.Hosting;

public static class ExportHostingExtensions
{
    /// <summary>Exports for the server's apps. Re-authentication is a seam: until a real
    /// <see cref="IRecentAuthentication"/> is registered, the UI's exports never carry the secret.</summary>
    public static IServiceCollection AddSettingsExport(this IServiceCollection services)
    {
        services.TryAddSingleton<IRecentAuthentication, NoRecentAuthentication>();
        services.AddSingleton<SettingsExporter>();
        return services;
    }

    public static WebApplicationBuilder AddSettingsExport(this WebApplicationBuilder builder)
    {
        builder.Services.AddSettingsExport();
        return builder;
    }
}
