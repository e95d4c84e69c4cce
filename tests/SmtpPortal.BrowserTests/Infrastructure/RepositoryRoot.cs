namespace SmtpPortal.BrowserTests.Infrastructure;

/// <summary>The checkout the tests run from: smtp4dev runs as its local tool, screenshots land in artifacts/.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(System.IO.Path.Combine(folder.FullName, "SmtpPortal.sln")))
            folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("SmtpPortal.sln not found above the test output.");
    }
}
