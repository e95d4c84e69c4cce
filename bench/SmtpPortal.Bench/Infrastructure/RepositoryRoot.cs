namespace SmtpPortal.Bench.Infrastructure;

/// <summary>The checkout being measured: the portal is published from its src/SmtpPortal.</summary>
public static class RepositoryRoot
{
    public static string Find()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            var folder = new DirectoryInfo(start);
            while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "SmtpPortal.sln")))
                folder = folder.Parent;
            if (folder is not null)
                return folder.FullName;
        }
        throw new InvalidOperationException("SmtpPortal.sln not found above the current or program folder.");
    }
}
