using System.Globalization;
using System.Net;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Deploy;

/// <summary>The repository's Dockerfile. Images cannot be pulled here, so nothing is built: these
/// check that it publishes as the README says and runs the way the Websoft9 app expects.</summary>
public sealed class DockerfileTests
{
    /// <summary>The instructions of each stage, continuation lines joined, comments dropped.</summary>
    private static IReadOnlyList<IReadOnlyList<(string Instruction, string Arguments)>> Stages()
    {
        var lines = RepositoryFiles.Read("Dockerfile").Replace("\\\n", " ").Split('\n')
            .Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#'));
        var stages = new List<List<(string, string)>>();
        foreach (var line in lines)
        {
            var parts = line.Split(' ', 2);
            if (parts[0] == "FROM")
                stages.Add([]);
            stages[^1].Add((parts[0], parts.Length > 1 ? parts[1].Trim() : ""));
        }
        return stages;
    }

    private static string[] Words(string command) => command.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>A publish command with its output folder left out: the one thing allowed to differ.</summary>
    private static string WithoutOutput(string command)
    {
        var words = Words(command).ToList();
        var output = words.IndexOf("-o");
        Assert.True(output > 0, $"'{command}' names no output folder");
        words.RemoveRange(output, 2);
        return string.Join(' ', words);
    }

    [Fact]
    public void TheBuildStagePublishesWithTheReadmesCommand()
    {
        var build = Stages()[0];
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0 AS ", build[0].Arguments);
        var publish = Assert.Single(build, i => i.Instruction == "RUN" && i.Arguments.StartsWith("dotnet publish")).Arguments;

        var readme = RepositoryFiles.Read("README.md").Split('\n').Select(line => line.Trim().TrimStart('$', ' '))
            .Where(line => line.StartsWith("dotnet publish", StringComparison.Ordinal) || line.Contains(" dotnet publish "))
            .Select(line => line[line.IndexOf("dotnet publish", StringComparison.Ordinal)..].Split(" &&")[0].Trim())
            .ToList();
        Assert.NotEmpty(readme);
        Assert.All(readme, command => Assert.Equal(WithoutOutput(command), WithoutOutput(publish)));
    }

    [Fact]
    public void TheImageRunsThePublishedPortalAsANonRootUserWithDataOnAVolumeOn8080()
    {
        var stages = Stages();
        var runtime = stages[^1];
        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0", runtime[0].Arguments);
        var buildStage = Words(stages[0][0].Arguments)[^1];
        var publishedTo = Words(stages[0].Single(i => i.Arguments.StartsWith("dotnet publish")).Arguments).SkipWhile(w => w != "-o").ElementAt(1);
        Assert.Contains(runtime, i => i.Instruction == "COPY" && i.Arguments == $"--from={buildStage} {publishedTo} .");

        var user = runtime.Last(i => i.Instruction == "USER").Arguments;
        Assert.DoesNotContain(user, new[] { "root", "0", "0:0" });
        Assert.Equal("/data", runtime.Single(i => i.Instruction == "VOLUME").Arguments);
        var volumeAt = runtime.ToList().FindIndex(i => i.Instruction == "VOLUME");
        Assert.Contains(runtime.Take(volumeAt), i => i.Instruction == "RUN" && i.Arguments.Contains("chown \"$APP_UID\" /data"));
        Assert.Equal("8080 2525", runtime.Single(i => i.Instruction == "EXPOSE").Arguments); // the portal, the relay

        var environment = Words(string.Join(' ', runtime.Where(i => i.Instruction == "ENV").Select(i => i.Arguments)))
            .Select(word => word.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1]);
        Assert.Equal("8080", environment["ASPNETCORE_HTTP_PORTS"]);
        Assert.Equal("/data", environment["SmtpPortal__DataDirectory"]);
        Assert.All(environment.Keys.Where(key => key.StartsWith("SmtpPortal__", StringComparison.Ordinal)),
            key => Assert.True(PortalConfigurationKeys.IsRead(key), $"{key} is no key the portal reads"));
        Assert.Equal("""["dotnet", "SmtpPortal.dll"]""", runtime.Single(i => i.Instruction == "ENTRYPOINT").Arguments);
    }

    [Fact]
    public void TheWebsoft9AppUsesTheImagesPortAndDataDirectory()
    {
        var app = new ComposeProject("deploy/websoft9");
        var runtime = Stages()[^1];

        var exposed = runtime.Single(i => i.Instruction == "EXPOSE").Arguments.Split(' ');
        Assert.Equal(exposed[0], app.Environment["W9_HTTP_PORT"]);
        Assert.Equal(exposed[1], IPEndPoint.Parse(app.Environment["SmtpPortal__Relay__Endpoints__0"]).Port.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(runtime.Single(i => i.Instruction == "VOLUME").Arguments, app.Environment["SmtpPortal__DataDirectory"]);
    }

    [Fact]
    public void BuildOutputsAndDataDirectoriesStayOutOfTheBuildContext()
    {
        var ignored = RepositoryFiles.Read(".dockerignore").Split('\n').Select(line => line.Trim()).ToHashSet();

        // A developer's data directory holds a real key ring and the SMTP password it decrypts.
        Assert.Subset(ignored, new HashSet<string> { "**/data/", "**/*.db", "**/bin/", "**/obj/", ".tmp/", ".git/" });
    }
}
