using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace SmtpPortal.Hosting;

public static class ConfigurationHostingExtensions
{
    /// <summary>
    /// Reads the repository's one appsettings.json, which the build copies beside the program.
    /// Under <c>dotnet run</c> the content root is the project folder, which holds no copy; the
    /// file beside the program takes the place the content-root file would have, so environment
    /// variables and the command line still override it.
    /// </summary>
    public static WebApplicationBuilder AddOperatorConfiguration(this WebApplicationBuilder builder)
    {
        var contentRootFile = Path.Combine(builder.Environment.ContentRootPath, "appsettings.json");
        if (File.Exists(contentRootFile))
            return builder;

        var sources = builder.Configuration.Sources;
        var defaultSource = sources.OfType<JsonConfigurationSource>()
            .FirstOrDefault(s => s.Path == "appsettings.json");
        var beside = new JsonConfigurationSource
        {
            Path = "appsettings.json",
            Optional = true,
            ReloadOnChange = true,
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
        };
        var index = defaultSource is null ? 0 : sources.IndexOf(defaultSource);
        if (defaultSource is not null)
            sources.Remove(defaultSource);
        sources.Insert(index, beside);
        return builder;
    }

    public static WebApplicationBuilder AddSmtpPortalOptions(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SmtpPortalOptions>()
            .BindConfiguration(SmtpPortalOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return builder;
    }
}
