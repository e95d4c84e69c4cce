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
        services.AddSingleton(_ => ProviderCatalog.LoadShipped());
        services.AddSingleton<ISmtpClientFactory, MailKitSmtpClientFactory>();
        services.AddSingleton<TestEmailSender>();
        services.AddSingleton<TestEmailService>();
        services.AddOAuthSignIn();
        return services;
    }
}
