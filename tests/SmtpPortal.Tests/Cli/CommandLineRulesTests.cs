using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmtpPortal.Cli;
using SmtpPortal.History;
using SmtpPortal.Hosting;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Cli;

/// <summary>The command line's entry point to the rules the page and the API share (issue 15 §2)
/// and its diagnosis commands (§3), against a real data directory and SMTP servers on 127.0.0.1.</summary>
public sealed class CommandLineRulesTests : IDisposable
{
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    private Task<CommandLine.Run> RunAsync(string stdin, params string[] args) => CommandLine.RunAsync(_data.Path, stdin, args);

    private Task<CommandLine.Run> SetLocalAsync(LocalSmtpServer server, string password, params string[] extra) =>
        RunAsync(password + "\n", ["settings", "set", "--preset", "custom", "--host", "127.0.0.1", "--port", server.Port.ToString(),
            "--security", "none", "--username", LocalSmtpServer.UserName, "--password-stdin", "--from", "portal@example.test", .. extra]);

    private async Task<IReadOnlyList<AuditEntry>> HistoryAsync(AuditAction action)
    {
        await using var provider = new ServiceCollection().AddLogging().AddSmtpPortalStorage(new DataDirectory(_data.Path)).BuildServiceProvider();
        return await provider.GetRequiredService<AuditLog>().FindAsync(new AuditFilter(action), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task ASendGridPasswordThatIsNoApiKeyIsRefusedNotSaved()
    {
        await using var smtp = LocalSmtpServer.Plain();
        Assert.Equal(ExitCodes.Ok, (await SetLocalAsync(smtp, LocalSmtpServer.Password)).ExitCode);

        var set = await RunAsync("notakey\n", "settings", "set", "--preset", "sendgrid", "--password-stdin");

        Assert.Equal(ExitCodes.Invalid, set.ExitCode);
        Assert.DoesNotContain("Saved.", set.Out);
        Assert.Contains("--password-stdin: A SendGrid API key starts with SG.", set.Error);
        Assert.Contains("127.0.0.1", (await RunAsync("", "settings", "show")).Out);
    }

    [Fact]
    public async Task AFromOutsideTheAccountIsSavedWithTheWarningThePageShows()
    {
        var set = await RunAsync("abcdefghijklmnop\n", "settings", "set", "--preset", "gmail", "--username", "me@gmail.com",
            "--password-stdin", "--from", "alerts@example.test", "--save-without-testing");

        Assert.Equal(ExitCodes.Ok, set.ExitCode);
        Assert.Contains("Warning: --from: The From address is on example.test, but the account you log in with is on gmail.com", set.Error);
    }

    [Fact]
    public async Task ANewPasswordIsTestedBeforeItIsStoredUnlessSavedWithoutTesting()
    {
        await using var smtp = LocalSmtpServer.Plain();

        var wrong = await SetLocalAsync(smtp, "wrong password");
        Assert.Equal(ExitCodes.TestFailed, wrong.ExitCode);
        Assert.Contains("The server rejected the username or password.", wrong.Error);
        Assert.Contains("Nothing was saved", wrong.Error);
        Assert.Equal(ExitCodes.NotConfigured, (await RunAsync("", "settings", "show")).ExitCode);

        var untested = await SetLocalAsync(smtp, "wrong password", "--save-without-testing");
        Assert.Equal(ExitCodes.Ok, untested.ExitCode);
        var entry = Assert.Single(await HistoryAsync(AuditAction.SettingsSavedWithoutTest));
        Assert.Equal("cli:" + Environment.UserName, entry.Actor);
    }

    [Fact]
    public async Task ATestPrintsEveryStageTheFailingStageTheServersReplyAndTheAdviceOrJson()
    {
        await using var smtp = LocalSmtpServer.Plain();
        await SetLocalAsync(smtp, "wrong password", "--save-without-testing");

        var text = await RunAsync("", "settings", "test", "--to", "ops@example.test");
        var json = JsonDocument.Parse((await RunAsync("", "settings", "test", "--to", "ops@example.test", "--json")).Out).RootElement;

        Assert.Equal(ExitCodes.TestFailed, text.ExitCode);
        Assert.Contains("Stages:", text.Error);
        Assert.Contains("failed  Login (AUTH)", text.Error);
        Assert.Contains("skipped MAIL / RCPT / DATA", text.Error);
        Assert.Contains("Failing stage: Login (AUTH)", text.Error);
        Assert.Contains("Server said (535): 535", text.Error);
        Assert.Contains("How to fix it: Check the username", text.Error);
        Assert.Equal("AuthenticationFailed", json.GetProperty("category").GetString());
        Assert.Equal("Auth", json.GetProperty("failedStage").GetString());
        Assert.Empty(smtp.Messages);
    }

    [Fact]
    public async Task ACheckLogsInAndSendsNothingInEnglishWhateverTheLocale()
    {
        await using var smtp = LocalSmtpServer.Plain();
        await SetLocalAsync(smtp, LocalSmtpServer.Password);
        var culture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
        CommandLine.Run check;
        try
        {
            check = await RunAsync("", "settings", "check");
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }

        Assert.Equal(ExitCodes.Ok, check.ExitCode);
        Assert.Contains($"Connection works, but without encryption: 127.0.0.1:{smtp.Port} answered", check.Out);
        Assert.Empty(smtp.Messages);
        Assert.Single(await HistoryAsync(AuditAction.ConnectionChecked));
    }

    [Fact]
    public async Task TheProbeListsTheUsualPortsAndIsAHistoryEntry()
    {
        var probe = await RunAsync("", "probe", "--host", "127.0.0.1");

        Assert.Equal(ExitCodes.Ok, probe.ExitCode);
        foreach (var port in new[] { "25 ", "465 ", "587 ", "2525 " })
            Assert.Contains(probe.Out.Split('\n'), line => line.StartsWith(port, StringComparison.Ordinal));
        Assert.Single(await HistoryAsync(AuditAction.PortsProbed));
        Assert.Equal(ExitCodes.NotConfigured, (await RunAsync("", "probe")).ExitCode);
    }

    [Fact]
    public async Task OnlyTheCertificateTheLastFailedCheckSawCanBeTrusted()
    {
        using var certificate = TestCertificates.Create();
        await using var server = ScriptedSmtpServer.Start(SmtpScripts.Polite(startTlsCertificate: certificate));
        await RunAsync("secret\n", "settings", "set", "--host", "127.0.0.1", "--port", server.Port.ToString(), "--security", "starttls",
            "--username", "me@example.test", "--password-stdin", "--from", "me@example.test", "--save-without-testing");

        var failed = await RunAsync("", "settings", "check");
        var hint = failed.Error.Split('\n').Single(l => l.StartsWith("To trust exactly this certificate:", StringComparison.Ordinal));
        var fingerprint = hint.Split("--sha256 ")[1].Trim();
        var unseen = await RunAsync("", "trust-certificate", "--sha256", new string('A', 64));
        var trusted = await RunAsync("", "trust-certificate", "--sha256", fingerprint);
        var again = await RunAsync("", "settings", "check");

        Assert.Equal(ExitCodes.TestFailed, failed.ExitCode);
        Assert.Contains("Certificate subject: CN=localhost", failed.Error);
        Assert.Equal(SmtpPortal.Smtp.CertificateFingerprint.Format(TestCertificates.Sha256(certificate)), fingerprint);
        Assert.Equal(ExitCodes.Invalid, unseen.ExitCode);
        Assert.Equal(ExitCodes.Ok, trusted.ExitCode);
        Assert.Equal(ExitCodes.Ok, again.ExitCode);
    }

    [Fact]
    public async Task SettingsSetCanTrustTheCertificateItsFailedTestSawAndStoresItOnlyOnceTheTestPasses()
    {
        using var certificate = TestCertificates.Create();
        await using var server = ScriptedSmtpServer.Start(SmtpScripts.Polite(startTlsCertificate: certificate));
        string[] set = ["settings", "set", "--host", "127.0.0.1", "--port", server.Port.ToString(), "--security", "starttls",
            "--username", "me@example.test", "--password-stdin", "--from", "me@example.test"];

        var refused = await RunAsync("secret\n", set);
        var hint = refused.Error.Split('\n').Single(l => l.StartsWith("To trust exactly this certificate, run the same command again", StringComparison.Ordinal));
        var trusted = await RunAsync("secret\n", [.. set, "--trust-certificate", hint.Split("--trust-certificate ")[1].Trim()]);

        Assert.Equal(ExitCodes.TestFailed, refused.ExitCode);
        Assert.Equal(ExitCodes.Ok, trusted.ExitCode);
        Assert.Contains("Tested against the server and saved.", trusted.Out);
        Assert.Equal(ExitCodes.Ok, (await RunAsync("", "settings", "check")).ExitCode);
    }

    [Fact]
    public async Task TheTestCapCountsAcrossSeparateRunsAndSaysTests()
    {
        await using var smtp = LocalSmtpServer.Plain();
        await SetLocalAsync(smtp, LocalSmtpServer.Password, "--save-without-testing");
        var perMinute = new SmtpPortal.Security.AdminSecurityOptions().TestSendsPerMinute;

        for (var run = 0; run < perMinute; run++)
            Assert.Equal(ExitCodes.Ok, (await RunAsync("", "settings", "check")).ExitCode);
        var capped = await RunAsync("", "settings", "test", "--to", "ops@example.test");

        Assert.Equal(ExitCodes.RateLimited, capped.ExitCode);
        Assert.Contains($"You have run {perMinute} tests in the last minute (test emails, connection checks and port probes count together)", capped.Error);
        Assert.Empty(smtp.Messages);
    }
}
