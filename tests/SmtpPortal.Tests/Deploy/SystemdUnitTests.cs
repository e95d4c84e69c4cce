using System.Runtime.Versioning;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Deploy;

/// <summary>deploy/systemd/smtpportal.service: systemd itself accepts it, and it runs the
/// published folder as its own user that may write nothing but the data directory.</summary>
[SupportedOSPlatform("linux")]
public sealed class SystemdUnitTests : IDisposable
{
    private const string Unit = "deploy/systemd/smtpportal.service";
    private readonly TempFolder _root = new();

    public void Dispose() => _root.Dispose();

    private static IReadOnlyList<(string Key, string Value)> Service() =>
        RepositoryFiles.Read(Unit).Split('\n')
            .SkipWhile(line => line.Trim() != "[Service]").Skip(1)
            .TakeWhile(line => !line.StartsWith('['))
            .Where(line => line.Contains('=') && !line.TrimStart().StartsWith('#'))
            .Select(line => (line[..line.IndexOf('=')].Trim(), line[(line.IndexOf('=') + 1)..].Trim()))
            .ToList();

    private static string Setting(string key) => Assert.Single(Service(), s => s.Key == key).Value;

    private static Dictionary<string, string> Environment() => Service()
        .Where(s => s.Key == "Environment")
        .Select(s => s.Value.Split('=', 2))
        .ToDictionary(pair => pair[0], pair => pair[1]);

    /// <summary>systemd-analyze over a root holding systemd's own units, the unit and the
    /// program it starts, so it checks every directive and path without touching /etc or /opt.</summary>
    private async Task<ProgramRun> AnalyzeAsync(params string[] command)
    {
        CopyFolder("/usr/lib/systemd/system", Path.Combine(_root.Path, "usr/lib/systemd/system"));
        var units = Directory.CreateDirectory(Path.Combine(_root.Path, "etc/systemd/system")).FullName;
        File.Copy(RepositoryFiles.PathOf(Unit), Path.Combine(units, "smtpportal.service"));
        var program = _root.Path + Setting("ExecStart");
        Directory.CreateDirectory(Path.GetDirectoryName(program)!);
        File.WriteAllText(program, "#!/bin/sh\n");
        File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.CreateDirectory(_root.Path + Setting("ReadWritePaths"));

        Assert.True(File.Exists("/usr/bin/systemd-analyze"), "systemd-analyze is missing: install Debian's systemd package (./test.sh does)");
        var run = ProgramRun.Start("systemd-analyze", _root.Path, [.. command, "--root=" + _root.Path, "smtpportal.service"]);
        await run.ExitCodeAsync(TestContext.Current.CancellationToken);
        return run;
    }

    [Fact]
    public async Task SystemdAnalyzeVerifiesTheUnitWithoutAWord()
    {
        using var verify = await AnalyzeAsync("verify");

        Assert.True(await verify.ExitCodeAsync(TestContext.Current.CancellationToken) == 0 && verify.Output.Length == 0,
            $"systemd-analyze verify: {verify.Output}");
    }

    [Fact]
    public async Task SystemdRatesTheUnitsExposureOk()
    {
        using var security = await AnalyzeAsync("security", "--offline=yes", "--no-pager");

        // systemd's scale: SAFE, OK, MEDIUM, EXPOSED, UNSAFE; a portal holding mail credentials stays in the first two.
        Assert.Matches(@"Overall exposure level for smtpportal\.service: \d+\.\d+ (SAFE|OK)", security.Output);
    }

    [Fact]
    public void TheUnitRunsThePublishedFolderAsItsOwnUserAndMayWriteOnlyItsDataDirectory()
    {
        var program = Setting("ExecStart");
        Assert.Equal("SmtpPortal", Path.GetFileName(program));
        Assert.Equal(Path.GetDirectoryName(program), Setting("WorkingDirectory"));
        Assert.DoesNotContain(Setting("User"), new[] { "root", "0" });
        Assert.Equal("on-failure", Setting("Restart"));
        foreach (var (key, value) in new[]
        {
            ("NoNewPrivileges", "true"), ("ProtectSystem", "strict"), ("ProtectHome", "true"), ("PrivateTmp", "true"),
        })
            Assert.Equal(value, Setting(key));

        var environment = Environment();
        Assert.StartsWith("http://", environment["ASPNETCORE_URLS"]);
        var data = environment["SmtpPortal__DataDirectory"];
        Assert.Equal(data, Setting("ReadWritePaths"));
        Assert.Equal(Path.Combine(Setting("WorkingDirectory"), "data"), data); // the README's upgrade keeps data/ in the folder
        Assert.All(environment.Keys.Where(key => key.StartsWith("SmtpPortal__", StringComparison.Ordinal)),
            key => Assert.True(PortalConfigurationKeys.IsRead(key), $"{key} is no key the portal reads"));
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos())
        {
            var target = Path.Combine(to, entry.Name);
            if (entry.LinkTarget is { } link)
                File.CreateSymbolicLink(target, link);
            else if (entry is DirectoryInfo)
                CopyFolder(entry.FullName, target);
            else
                File.Copy(entry.FullName, target);
        }
    }
}
