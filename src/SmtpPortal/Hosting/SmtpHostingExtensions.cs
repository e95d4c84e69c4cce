using SmtpPortal.Providers;
using SmtpPortal.Smtp;

namespace SmtpPortal.Hosting;

public static class SmtpHostingExtensions
{
    /// <summary>The provider catalog and the test-send path.</summary>
    public static WebApplicationBuilder AddSmtpSending(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(_ => ProviderCatalog.LoadShipped());
        builder.Services.AddSingleton<ISmtpClientFactory, MailKitSmtpClientFactory>();
        builder.Services.AddSingleton<TestEmailSender>();
        builder.Services.AddSingleton<TestEmailService>();
        return builder;
    }
}
