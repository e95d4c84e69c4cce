using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.FileProviders;

namespace SmtpPortal.Hosting;

/// <summary>
/// The files behind the pages' stylesheets and scripts. When the web root does not hold them (a
/// portal started with the wrong content root, an incomplete copy of the published folder),
/// ASP.NET Core still answers every asset request with 200 and an empty body: the pages render,
/// every button is dead, and nothing is logged. So the start-up log says it.
/// </summary>
internal static class StaticAssetFiles
{
    /// <summary>The asset files (relative to the web root) that the static asset endpoints serve
    /// but the web root lacks or holds empty.</summary>
    public static IReadOnlyList<string> FindMissingOrEmpty(EndpointDataSource endpoints, IFileProvider webRoot) =>
        endpoints.Endpoints
            .Select(endpoint => endpoint.Metadata.GetMetadata<StaticAssetDescriptor>()?.AssetPath)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Where(path => webRoot.GetFileInfo(path) is not { Exists: true, Length: > 0 })
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Logs an error naming the web root and a few of the files when any is missing or empty.</summary>
    public static void ReportMissing(IServiceProvider services, ILogger logger)
    {
        var environment = services.GetRequiredService<IWebHostEnvironment>();
        var missing = FindMissingOrEmpty(services.GetRequiredService<EndpointDataSource>(), environment.WebRootFileProvider);
        if (missing.Count == 0)
            return;
        logger.LogError(
            "Static files of the pages are missing or empty in the web root {WebRoot}: {Examples} ({Count} in all). "
            + "Pages will show without their styles and their buttons will not work. The content root is {ContentRoot}; "
            + "start the portal from a complete published folder, or point --contentRoot at one.",
            environment.WebRootPath ?? "(none)", string.Join(", ", missing.Take(3)), missing.Count, environment.ContentRootPath);
    }
}
