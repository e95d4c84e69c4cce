using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmtpPortal.Cli;
using SmtpPortal.Data;
using SmtpPortal.Fallback;
using SmtpPortal.History;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Fallback;

/// <summary>`fallback show | set | remove | check` against a data directory, as a script runs them.</summary>
public sealed class FallbackCommandLineTests : IDisposable
{
    private const string Secret = "cli-fallback-Secret-41ab";
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    private Task<CommandLine.Run> RunAsync(params string[] args) => CommandLine.RunAsync(_data.Path, "", args);

    private async Task<IReadOnlyList<AuditEntry>> EntriesAsync(AuditAction action)
    {
        await using var portal = new PortalFactory(_data.Path);
        return await AuditTable.EntriesAsync(portal.Get<IDbContextFactory<PortalDbContext>>(), action);
    }

    /// <summary>A server of the test that accepts <see cref="Secret"/> for its user.</summary>
    private static LocalSmtpServer Server()
    {
        var server = LocalSmtpServer.Plain();
        server.AcceptedPasswords[Secret] = true;
        return server;
    }

    private static string[] SetArgs(LocalSmtpServer server) =>
        ["fallback", "set", "--host", "127.0.0.1", "--port", server.Port.ToString(CultureInfo.InvariantCulture), "--security", "none",
         "--username", LocalSmtpServer.UserName, "--password-stdin", "--from", "portal@example.test", "--switch-after", "20"];

    [Fact]
    public async Task SetTakesThePasswordFromStandardInputShowNeverPrintsItAndCheckLogsIn()
    {
        await using var server = Server();

        var set = await CommandLine.RunAsync(_data.Path, Secret + "\n", SetArgs(server));
        var show = await RunAsync("fallback", "show");
        var json = await RunAsync("fallback", "show", "--json");
        var check = await RunAsync("fallback", "check");

        Assert.True(set.ExitCode == ExitCodes.Ok, set.Error);
        Assert.Contains($"Saved the fallback provider 127.0.0.1:{server.Port}", set.Out);
        Assert.Equal(ExitCodes.Ok, show.ExitCode);
        Assert.Contains("switch after:  20 min", show.Out);
        Assert.Contains("password:      set on ", show.Out);
        Assert.Contains("in use:        no, the main provider carries the mail", show.Out);
        var shown = JsonDocument.Parse(json.Out).RootElement;
        Assert.Equal(20, shown.GetProperty("switchAfterMinutes").GetInt32());
        Assert.False(shown.GetProperty("inUse").GetBoolean());
        Assert.DoesNotContain(Secret, set.Out + set.Error + show.Out + json.Out + check.Out + check.Error);
        Assert.True(check.ExitCode == ExitCodes.Ok, check.Error);
        Assert.StartsWith("Connection works", check.Out);
        Assert.Equal((LocalSmtpServer.UserName, Secret), Assert.Single(server.Logins));
        Assert.Empty(server.Messages);
        var actor = "cli:" + Environment.UserName;
        Assert.Equal(actor, Assert.Single(await EntriesAsync(AuditAction.FallbackAdded)).Actor);
        Assert.Equal(actor, Assert.Single(await EntriesAsync(AuditAction.FallbackChecked)).Actor);
    }

    [Fact]
    public async Task SetChangesOnlyWhatIsGivenAndARefusedChangeNamesItsOptionAndStoresNothing()
    {
        await using var server = Server();
        Assert.Equal(ExitCodes.Ok, (await CommandLine.RunAsync(_data.Path, Secret, SetArgs(server))).ExitCode);

        var moved = await RunAsync("fallback", "set", "--host", "smtp.elsewhere.example", "--switch-after", "0");
        var minutes = await RunAsync("fallback", "set", "--switch-after", "45");
        var check = await RunAsync("fallback", "check", "--json");

        Assert.Equal(ExitCodes.Invalid, moved.ExitCode);
        Assert.Contains("--password-stdin: The server or account changed: enter its password again.", moved.Error);
        Assert.Contains("--switch-after: Give a number of minutes from 1 to 1440.", moved.Error);
        Assert.Contains("Nothing was saved.", moved.Error);
        Assert.Equal(ExitCodes.Ok, minutes.ExitCode);
        await using (var portal = new PortalFactory(_data.Path))
        {
            var stored = await portal.Get<FallbackProviderStore>().GetAsync(TestContext.Current.CancellationToken);
            Assert.Equal(("127.0.0.1", 45), (stored!.Host, stored.SwitchAfterMinutes));
        }
        // The stored password stayed: the check logs in with it.
        Assert.Equal(ExitCodes.Ok, check.ExitCode);
        Assert.True(JsonDocument.Parse(check.Out).RootElement.GetProperty("succeeded").GetBoolean());
    }

    [Fact]
    public async Task APresetFillsItsServerAndAnOAuthOnlyPresetIsWarnedAbout()
    {
        var qq = await CommandLine.RunAsync(_data.Path, "abcdefghijklmnop", "fallback", "set", "--preset", "qq", "--username", "12345@qq.com",
            "--password-stdin", "--from", "12345@qq.com");
        var outlook = await CommandLine.RunAsync(_data.Path, "a-password", "fallback", "set", "--preset", "outlook", "--username", "me@outlook.com",
            "--password-stdin", "--from", "me@outlook.com");
        var show = await RunAsync("fallback", "show");

        Assert.True(qq.ExitCode == ExitCodes.Ok, qq.Error);
        Assert.Contains("Saved the fallback provider smtp.qq.com:465", qq.Out);
        Assert.Contains("Warning: Outlook.com accepts only OAuth2 sign-in for SMTP, and the fallback logs in with a password only.", outlook.Error);
        Assert.Contains("host:          smtp-mail.outlook.com", show.Out);
        Assert.Contains("security:      starttls", show.Out);
    }

    [Fact]
    public async Task WithoutAFallbackShowCheckAndRemoveSaySoWithExitCodeFour()
    {
        var show = await RunAsync("fallback", "show");
        var check = await RunAsync("fallback", "check");
        var remove = await RunAsync("fallback", "remove");

        Assert.Equal((ExitCodes.NotConfigured, ExitCodes.NotConfigured, ExitCodes.NotConfigured), (show.ExitCode, check.ExitCode, remove.ExitCode));
        Assert.Contains("No fallback provider is set", show.Error);
        Assert.Contains("run `fallback set` first", check.Error);
        Assert.Contains("nothing to remove", remove.Error);
    }

    [Fact]
    public async Task RemoveTakesTheFallbackAwayAsTheAccountOnTheCommandLine()
    {
        await using var server = Server();
        Assert.Equal(ExitCodes.Ok, (await CommandLine.RunAsync(_data.Path, Secret, SetArgs(server))).ExitCode);

        var remove = await RunAsync("fallback", "remove");

        Assert.Equal(ExitCodes.Ok, remove.ExitCode);
        Assert.Equal(ExitCodes.NotConfigured, (await RunAsync("fallback", "show")).ExitCode);
        Assert.Equal("cli:" + Environment.UserName, Assert.Single(await EntriesAsync(AuditAction.FallbackRemoved)).Actor);
    }
}
