using System.Net;
using System.Text.RegularExpressions;
using SmtpPortal.Cli;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Hosting;

/// <summary>The published program started the way a service manager, a cron job or a shell in
/// another folder starts it: its pages' files, its data and its command line do not depend on
/// the folder it was started from.</summary>
public sealed partial class PublishedPortalTests(PublishedPortal published) : IClassFixture<PublishedPortal>, IDisposable
{
    private readonly TempFolder _elsewhere = new();
    private readonly CancellationTokenSource _deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

    private CancellationToken Deadline
    {
        get
        {
            // A deadline for a hung program, not a timing assertion: a start takes seconds.
            _deadline.CancelAfter(TimeSpan.FromMinutes(2));
            return _deadline.Token;
        }
    }

    public void Dispose()
    {
        _deadline.Dispose();
        _elsewhere.Dispose();
    }

    [Fact]
    public async Task StartedFromAnotherFolderItServesEveryStylesheetAndScriptOfItsPages()
    {
        using var portal = published.Start(_elsewhere.Path);
        var address = await portal.ListeningAddressAsync(Deadline);
        using var http = new HttpClient { BaseAddress = address };

        var page = await http.GetStringAsync("/signin", Deadline);
        var assets = AssetLinks().Matches(page).Select(link => link.Groups["url"].Value).ToList();

        Assert.Contains(assets, url => url.EndsWith(".css", StringComparison.Ordinal) && url.Contains("MudBlazor"));
        Assert.Contains(assets, url => url.StartsWith("_framework/blazor.web.", StringComparison.Ordinal));
        foreach (var url in assets)
        {
            using var response = await http.GetAsync(url, Deadline);
            var body = await response.Content.ReadAsByteArrayAsync(Deadline);
            Assert.True(response.StatusCode == HttpStatusCode.OK && body.Length > 0,
                $"{url}: {(int)response.StatusCode} with {body.Length} bytes");
        }
        Assert.True(File.Exists(Path.Combine(published.Folder, "data", "smtpportal.db")), "the data directory is beside the program");
        Assert.Empty(Directory.EnumerateFileSystemEntries(_elsewhere.Path));
        Assert.DoesNotContain("Static files", portal.Output);
    }

    [Fact]
    public async Task ACommandRunFromAnotherFolderReadsTheDataBesideTheProgram()
    {
        using var command = published.Start(_elsewhere.Path, "settings", "show");

        Assert.Equal(ExitCodes.NotConfigured, await command.ExitCodeAsync(Deadline));
        Assert.True(File.Exists(Path.Combine(published.Folder, "data", "smtpportal.db")), command.Output);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_elsewhere.Path));
    }

    [Fact]
    public async Task VersionPrintsTheVersionAndExitsWithoutStartingAServer()
    {
        using var command = published.Start(_elsewhere.Path, "--version");

        Assert.Equal(ExitCodes.Ok, await command.ExitCodeAsync(Deadline));
        Assert.Matches(@"^\d+\.\d+\.\d+", command.Output);
        Assert.DoesNotContain("Now listening", command.Output);
    }

    [Theory]
    [InlineData(ExitCodes.Ok, "Start the web portal", "--help")]
    [InlineData(ExitCodes.Usage, "Unrecognized command or argument 'start'", "start")]
    [InlineData(ExitCodes.Usage, "Unrecognized command or argument '--port'", "--port", "8080")]
    public async Task HelpAndMistakesExitWithoutStartingAServer(int exitCode, string says, params string[] args)
    {
        using var command = published.Start(_elsewhere.Path, args);

        Assert.Equal(exitCode, await command.ExitCodeAsync(Deadline));
        Assert.Contains(says, command.Output);
        Assert.DoesNotContain("Now listening", command.Output);
    }

    [Fact]
    public async Task AnEmptyStaticFileIsLoggedAsAnErrorAtTheStart()
    {
        var webRoot = Path.Combine(_elsewhere.Path, "wwwroot");
        CopyFolder(Path.Combine(published.Folder, "wwwroot"), webRoot);
        File.WriteAllBytes(Path.Combine(webRoot, "app.css"), []);

        using var portal = published.Start(published.Folder, "--webroot", webRoot);
        var error = await portal.WaitForLineAsync(line => line.Contains("Static files of the pages are missing or empty"), Deadline);

        Assert.Contains($"missing or empty in the web root {webRoot}: app.css (1 in all)", error);
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [GeneratedRegex("""<(?:link rel="stylesheet" href|script src)="(?<url>[^"]+)""")]
    private static partial Regex AssetLinks();
}
