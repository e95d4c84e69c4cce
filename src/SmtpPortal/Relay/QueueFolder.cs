using SmtpPortal.Hosting;

namespace SmtpPortal.Relay;

/// <summary>The folder of message bodies waiting for delivery (data/relay/queue), one file per
/// message, readable by the service account only.</summary>
public sealed class QueueFolder(DataDirectory data)
{
    public string Path => data.RelayQueueDirectory;

    /// <summary>A new, empty body file.</summary>
    public (string Name, FileStream Stream) Create()
    {
        var name = $"{Guid.NewGuid():n}.eml";
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            BufferSize = 64 * 1024,
            Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
        };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        return (name, new FileStream(PathOf(name), options));
    }

    public FileStream Open(string name) =>
        new(PathOf(name), FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);

    public bool Exists(string name) => File.Exists(PathOf(name));

    public void Delete(string? name)
    {
        if (name is null)
            return;
        try
        {
            File.Delete(PathOf(name));
        }
        catch (IOException)
        {
            // Still open elsewhere for a moment: the start-up sweep removes files no row names.
        }
    }

    public IEnumerable<string> Names() =>
        Directory.Exists(Path) ? Directory.EnumerateFiles(Path, "*.eml").Select(System.IO.Path.GetFileName).OfType<string>() : [];

    private string PathOf(string name) =>
        System.IO.Path.Combine(Path, System.IO.Path.GetFileName(name));
}
