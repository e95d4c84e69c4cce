namespace SmtpPortal.Export;

/// <summary>One way of writing the settings down for an app. Each implementation names where its
/// keys and security-mode words come from, so a reviewer can check them against the app.</summary>
public abstract class ExportFormat
{
    /// <summary>Short id used by the command line, the API and the download's file name.</summary>
    public abstract string Id { get; }

    public abstract string Name { get; }

    /// <summary>Where the text goes, in one line, shown above it.</summary>
    public abstract string Instructions { get; }

    public abstract string FileName { get; }

    /// <summary>The app's own documentation for these keys.</summary>
    public abstract string DocsUrl { get; }

    public virtual string ContentType => "text/plain";

    public abstract string Render(ExportValues values);
}
