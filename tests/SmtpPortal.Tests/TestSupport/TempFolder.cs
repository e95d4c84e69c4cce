namespace SmtpPortal.Tests.TestSupport;

/// <summary>A fresh folder under the test run's temp directory, deleted afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "smtpportal-tests", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A host still shutting down may hold a file a moment longer; the temp root is
            // inside the checkout's ignored .tmp folder, so nothing leaks onto the machine.
        }
    }
}
