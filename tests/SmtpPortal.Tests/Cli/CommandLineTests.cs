using Microsoft.Extensions.DependencyInjection;
using SmtpPortal.Cli;
using SmtpPortal.Hosting;
using SmtpPortal.Export;
using SmtpPortal.Tests.Export;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Cli;

/// <summary>The headless commands, run in-process against a real data directory and a real SMTP
/// server, exactly as an image build script would run them.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    private Task<CommandLine.Run> RunWithInputAsync(string stdin, params string[] args) => CommandLine.RunAsync(_data.Path, stdin, args);

    private Task<CommandLine.Run> RunWithBytesAsync(byte[] stdin, params string[] args) => CommandLine.RunAsync(_data.Path, stdin, args);

    private Task<CommandLine.Run> RunAsync(params string[] args) => RunWithInputAsync("", args);

    /// <summary>A server whose LANG is Chinese still gets English output: scripts read it.</summary>
    [Fact]
    public async Task TheCommandLineSpeaksEnglishOnAChineseServer()
    {
        using var chinese = new UiCultureScope("zh-CN");
        await RunWithInputAsync("secret-code\n", "settings", "set", "--preset", "qq", "--username", "12345@qq.com",
            "--password-stdin", "--from", "12345@qq.com", "--save-without-testing");

        var export = await RunAsync("export", "--format", "gitlab");
        var refused = await RunAsync("settings", "set", "--port", "70000");

        Assert.StartsWith("# SMTP settings exported by SmtpPortal for GitLab.", export.Out);
        Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}", export.Out + refused.Out + refused.Error);
        Assert.Equal("zh-CN", System.Globalization.CultureInfo.CurrentUICulture.Name);
    }

    [Fact]
    public async Task SetShowTestAndExportRoundTrip()
    {
        await using var smtp = LocalSmtpServer.Plain();

        var set = await RunWithInputAsync(LocalSmtpServer.Password + "\n", "settings", "set", "--preset", "custom", "--host", "127.0.0.1",
            "--port", smtp.Port.ToString(), "--security", "none", "--username", LocalSmtpServer.UserName,
            "--password-stdin", "--from", "portal@example.test", "--from-name", "Build script");
        Assert.True(set.ExitCode == ExitCodes.Ok, set.Error);

        var audit = await AuditEntriesAsync();
        Assert.Contains(audit, e => e.Actor == "cli:" + Environment.UserName);

        var show = await RunAsync("settings", "show");
        Assert.Equal(ExitCodes.Ok, show.ExitCode);
        Assert.Contains("127.0.0.1", show.Out);
        Assert.Contains("security:  none", show.Out);
        Assert.Contains("password:  set on", show.Out);
        Assert.DoesNotContain(LocalSmtpServer.Password, show.Out);

        var test = await RunAsync("settings", "test", "--to", "ops@example.test");
        Assert.True(test.ExitCode == ExitCodes.Ok, test.Error);
        Assert.Equal("ops@example.test", Assert.Single(smtp.Messages).To.Mailboxes.Single().Address);
        // Twice: the test before saving, then the test email.
        Assert.Equal([(LocalSmtpServer.UserName, LocalSmtpServer.Password), (LocalSmtpServer.UserName, LocalSmtpServer.Password)], smtp.Logins);
        Assert.Contains("Tested against the server and saved.", set.Out);

        var export = await RunAsync("export", "--format", "env");
        Assert.Equal(ExitCodes.Ok, export.ExitCode);
        var env = ExportParsers.SourceEnv(export.Out);
        Assert.Equal("127.0.0.1", env["SMTP_HOST"]);
        Assert.Equal(ExportValues.PasswordPlaceholder, env["SMTP_PASSWORD"]);

        var withPassword = await RunAsync("export", "--format", "env", "--include-password");
        Assert.Equal(LocalSmtpServer.Password, ExportParsers.SourceEnv(withPassword.Out)["SMTP_PASSWORD"]);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_data.Path, "smtpportal.db")));
    }

    private async Task<IReadOnlyList<SmtpPortal.History.AuditEntry>> AuditEntriesAsync()
    {
        await using var provider = new ServiceCollection().AddLogging().AddSmtpPortalStorage(new DataDirectory(_data.Path)).BuildServiceProvider();
        return await provider.GetRequiredService<SmtpPortal.History.AuditLog>().FindAsync(new(), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task AnExportWithThePasswordIsRecordedAsARevealOnTheCommandLine()
    {
        var set = await RunWithInputAsync("cli-unique-secret\n", "settings", "set", "--preset", "qq", "--username", "12345@qq.com",
            "--password-stdin", "--from", "12345@qq.com", "--save-without-testing");
        Assert.True(set.ExitCode == ExitCodes.Ok, set.Error);

        await RunAsync("export", "--format", "env");
        Assert.DoesNotContain(await AuditEntriesAsync(), e => e.Action == SmtpPortal.History.AuditAction.SecretRevealed);
        var export = await RunAsync("export", "--format", "gitea", "--include-password");
        Assert.Contains("cli-unique-secret", export.Out);

        var revealed = Assert.Single(await AuditEntriesAsync(), e => e.Action == SmtpPortal.History.AuditAction.SecretRevealed);
        Assert.Equal("cli:" + Environment.UserName, revealed.Actor);
        Assert.Equal("SMTP password shown in clear via CLI: export gitea", revealed.Details);
        await using var storage = new ServiceCollection().AddLogging().AddSmtpPortalStorage(new DataDirectory(_data.Path)).BuildServiceProvider();
        Assert.DoesNotContain("cli-unique-secret",
            await AuditTable.RawTextAsync(storage.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<SmtpPortal.Data.PortalDbContext>>()));
    }

    [Fact]
    public async Task APresetFillsHostPortAndSecurity()
    {
        var set = await RunWithInputAsync("authorization-code\n", "settings", "set", "--preset", "qq", "--username", "12345@qq.com",
            "--password-stdin", "--from", "12345@qq.com", "--save-without-testing");
        Assert.True(set.ExitCode == ExitCodes.Ok, set.Error);

        var show = await RunAsync("settings", "show");

        Assert.Contains("QQ", show.Out);
        Assert.Contains("smtp.qq.com", show.Out);
        Assert.Contains("port:      465", show.Out);
        Assert.Contains("security:  ssl", show.Out);

        var port = await RunWithInputAsync("authorization-code\n", "settings", "set", "--port", "587", "--password-stdin", "--save-without-testing");
        Assert.True(port.ExitCode == ExitCodes.Ok, port.Error);
        Assert.Contains("security:  starttls", (await RunAsync("settings", "show")).Out);
    }

    [Fact]
    public async Task ChangingOnlyTheFromNameKeepsThePassword()
    {
        await RunWithInputAsync("authorization-code\n", "settings", "set", "--preset", "qq", "--username", "12345@qq.com", "--password-stdin", "--from", "12345@qq.com", "--save-without-testing");

        var rename = await RunAsync("settings", "set", "--from-name", "Renamed");

        Assert.True(rename.ExitCode == ExitCodes.Ok, rename.Error);
        var env = ExportParsers.SourceEnv((await RunAsync("export", "-f", "env", "--include-password")).Out);
        Assert.Equal("Renamed", env["SMTP_FROM_NAME"]);
        Assert.Equal("authorization-code", env["SMTP_PASSWORD"]);
    }

    [Fact]
    public async Task InvalidSettingsExitWith3NameTheOptionAndStoreNothing()
    {
        var set = await RunWithInputAsync("x\n", "settings", "set", "--preset", "qq", "--username", "a@qq.com", "--password-stdin",
            "--from", "a@qq.com", "--port", "70000", "--host", "smtp://qq");

        Assert.Equal(ExitCodes.Invalid, set.ExitCode);
        Assert.Contains("--port:", set.Error);
        Assert.Contains("--host:", set.Error);
        Assert.Equal(ExitCodes.NotConfigured, (await RunAsync("settings", "show")).ExitCode);
    }

    [Fact]
    public async Task NothingConfiguredExitsWith4()
    {
        Assert.Equal(ExitCodes.NotConfigured, (await RunAsync("settings", "show")).ExitCode);
        Assert.Equal(ExitCodes.NotConfigured, (await RunAsync("settings", "test", "--to", "ops@example.test")).ExitCode);
        Assert.Equal(ExitCodes.NotConfigured, (await RunAsync("export", "--format", "json")).ExitCode);
    }

    [Fact]
    public async Task ARefusedTestExitsWith1AndABadRecipientWith3()
    {
        await using var smtp = LocalSmtpServer.Plain();
        await RunWithInputAsync("wrong password\n", "settings", "set", "--host", "127.0.0.1", "--port", smtp.Port.ToString(), "--security", "none",
            "--username", LocalSmtpServer.UserName, "--password-stdin", "--from", "portal@example.test", "--save-without-testing");

        var refused = await RunAsync("settings", "test", "--to", "ops@example.test");
        var badRecipient = await RunAsync("settings", "test", "--to", "not an address");

        Assert.Equal(ExitCodes.TestFailed, refused.ExitCode);
        Assert.NotEqual("", refused.Error);
        Assert.Empty(smtp.Messages);
        Assert.Equal(ExitCodes.Invalid, badRecipient.ExitCode);
    }

    [Theory]
    [InlineData("settings")]
    [InlineData("settings", "frobnicate")]
    [InlineData("settings", "test")]
    [InlineData("export", "--format", "sendmail")]
    [InlineData("settings", "set", "--security", "tls-maybe")]
    [InlineData("settings", "set", "--port", "abc")]
    [InlineData("presets", "--bogus")]
    [InlineData("frobnicate")]
    [InlineData("--verbose")]
    [InlineData("--urls")]
    public async Task UsageErrorsExitWith2(params string[] args)
    {
        var run = await RunAsync(args);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--help", run.Error);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("help")]
    [InlineData("settings", "--help")]
    [InlineData("settings", "show", "--help")]
    [InlineData("settings", "set", "--help")]
    [InlineData("settings", "test", "--help")]
    [InlineData("export", "--help")]
    [InlineData("presets", "-h")]
    public async Task EveryCommandHasHelp(params string[] args)
    {
        var run = await RunAsync(args);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("Usage:", run.Out);
        Assert.False(File.Exists(Path.Combine(_data.Path, "smtpportal.db")), "help must not touch the data directory");
    }

    [Fact]
    public async Task PresetsListsTheIdsThatSetAccepts()
    {
        var run = await RunAsync("presets");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains(run.Out.Split('\n'), line => line.StartsWith("qq ") && line.Contains("smtp.qq.com") && line.Contains("465 ssl"));
    }

    [Fact]
    public async Task VersionPrintsTheProgramsVersionAndTouchesNoData()
    {
        var run = await RunAsync("--version");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var version = typeof(PortalCommandLine).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .Cast<System.Reflection.AssemblyInformationalVersionAttribute>().Single().InformationalVersion;
        Assert.Equal(version, run.Out.Trim());
        Assert.False(File.Exists(Path.Combine(_data.Path, "smtpportal.db")), "--version must not touch the data directory");
    }

    [Fact]
    public async Task HelpListsTheCommandsAndSaysHowToStartThePortal()
    {
        var run = await RunAsync("--help");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        foreach (var command in new[] { "settings", "export", "presets", "domain-check" })
            Assert.Contains(run.Out.Split('\n'), line => line.TrimStart().StartsWith(command + " "));
        Assert.Contains("Start the web portal: run SmtpPortal without a command", run.Out);
        Assert.Contains("--urls URL", run.Out);
    }

    [Theory]
    [InlineData(false, "settings", "show")]
    [InlineData(false, "export")]
    [InlineData(false, "domain-check", "example.com")]
    [InlineData(false, "--help")]
    [InlineData(false, "--version")]
    [InlineData(false, "frobnicate")]
    [InlineData(false, "--verbose")]
    [InlineData(false, "--urls")]
    [InlineData(false, "--urls", "--environment=Production")]
    [InlineData(false, "--urls=http://127.0.0.1:8080", "settings", "show")]
    [InlineData(false, "-urls", "http://127.0.0.1:8080")]
    [InlineData(true)]
    [InlineData(true, "--urls", "http://127.0.0.1:8080")]
    [InlineData(true, "--URLS=http://127.0.0.1:8080")]
    [InlineData(true, "--environment=Development", "--contentRoot", "/opt/smtpportal", "--webroot=/opt/smtpportal/wwwroot")]
    [InlineData(true, "--SmtpPortal:DataDirectory=/srv/smtpportal", "--Logging:LogLevel:Default", "Debug")]
    [InlineData(true, "--Kestrel:Endpoints:Http:Url=http://0.0.0.0:8080")]
    // What ASP.NET Core's test host passes to the program.
    [InlineData(true, "--SmtpPortal=", "--environment=Development", "--contentRoot=/src", "--applicationName=SmtpPortal")]
    public void OnlyNoArgumentsOrHostingArgumentsStartTheWebServer(bool startsThePortal, params string[] args) =>
        Assert.Equal(startsThePortal, HostingArguments.StartThePortal(args));
}
