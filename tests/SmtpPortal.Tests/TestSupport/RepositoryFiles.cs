namespace SmtpPortal.Tests.TestSupport;

/// <summary>Files of the checkout the tests run from (deploy/, README.md, the Dockerfile).</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => System.IO.Path.Combine(Root, relative);

    public static string Read(string relative) => File.ReadAllText(PathOf(relative));

    private static string FindRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(System.IO.Path.Combine(folder.FullName, "SmtpPortal.sln")))
            folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("SmtpPortal.sln not found above the test output.");
    }
}
