using SmtpPortal.Export.Formats;

namespace SmtpPortal.Export;

/// <summary>Every export SmtpPortal offers, in the order the page shows them.</summary>
public static class ExportCatalog
{
    public static IReadOnlyList<ExportFormat> All { get; } =
    [
        new GenericEnvFormat(),
        new JsonFormat(),
        new WordPressFormat(),
        new NextcloudFormat(),
        new GitLabFormat(),
        new DiscourseFormat(),
        new MattermostFormat(),
        new GiteaFormat(),
        new GrafanaFormat(),
        new GhostFormat(),
    ];

    public static IReadOnlyList<string> Ids { get; } = [.. All.Select(f => f.Id)];

    public static ExportFormat? Find(string? id) =>
        All.FirstOrDefault(f => string.Equals(f.Id, id, StringComparison.OrdinalIgnoreCase));
}
