using System.Reflection;

namespace SmtpPortal.Tests.TestSupport;

/// <summary>
/// The portal published once into a temp folder, for tests of the real program as an operator
/// starts it. Published from the build the tests run against (<c>--no-build</c>, no runtime
/// identifier: seconds instead of the minute a ReadyToRun compile takes); the layout — the
/// program, <c>appsettings.json</c>, <c>wwwroot/</c> with the compressed assets — is the one the
/// README's <c>dotnet publish src/SmtpPortal -c Release</c> makes.
/// </summary>
public sealed class PublishedPortal : IAsyncLifetime
{
    private readonly TempFolder _folder = new();

    public string Folder => _folder.Path;
    public string Program => Path.Combine(Folder, "SmtpPortal");

    public async ValueTask InitializeAsync()
    {
        var configuration = typeof(SmtpPortal.Hosting.ContentRoot).Assembly
            .GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var project = RepositoryFiles.PathOf("src/SmtpPortal");
        using var publish = ProgramRun.Start("dotnet", Folder,
            ["publish", project, "--no-build", "-c", configuration, "-p:RuntimeIdentifier=", "-o", Folder, "-nologo"]);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var exit = await publish.ExitCodeAsync(deadline.Token);
        if (exit != 0)
            throw new InvalidOperationException($"dotnet publish failed ({exit}):\n{publish.Output}");
    }

    /// <summary>Starts the published program with these arguments from another folder.</summary>
    public ProgramRun Start(string workingDirectory, params string[] args) =>
        ProgramRun.Start(Program, workingDirectory, args);

    public ValueTask DisposeAsync()
    {
        _folder.Dispose();
        return ValueTask.CompletedTask;
    }
}
