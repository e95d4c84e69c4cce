using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmtpPortal.Api;
using SmtpPortal.History;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Api;

/// <summary>The API diagnoses as the page does (issue 15 §3): a test that reports its stages,
/// the failing stage, the server's reply and the advice; a connection check; the port probe; and
/// trusting exactly the certificate a failed run saw. Same History entries.</summary>
public sealed class ApiDiagnosticsTests : IDisposable
{
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

    [Fact]
    public async Task AFailedTestReportsStagesTheFailingStageTheServersReplyAndTheAdviceInEnglish()
    {
        await using var smtp = LocalSmtpServer.Plain();
        await using var api = new ApiPortal(_data.Path);
        Assert.True((await api.Get<SmtpSettingsStore>().SaveAsync(LocalSettings.For(smtp, "wrong password"), null, Ct)).Succeeded);
        using var client = await api.ClientWithScopesAsync(ApiScopes.Test);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");

        var report = await JsonAsync(await client.PostAsJsonAsync("/api/settings/test", new { to = "ops@example.test" }, Ct));

        Assert.False(report.GetProperty("succeeded").GetBoolean());
        Assert.Equal("AuthenticationFailed", report.GetProperty("category").GetString());
        Assert.Equal("UntilFixed", report.GetProperty("duration").GetString());
        Assert.Equal("Auth", report.GetProperty("failedStage").GetString());
        Assert.StartsWith("535", report.GetProperty("serverReply").GetString());
        Assert.Equal("The server rejected the username or password.", report.GetProperty("summary").GetString());
        Assert.Contains("app password", report.GetProperty("fix").GetString());
        var stages = report.GetProperty("stages").EnumerateArray().ToList();
        Assert.Contains(stages, s => s.GetProperty("title").GetString() == "Login (AUTH)" && s.GetProperty("state").GetString() == "Failed");
        Assert.Empty(smtp.Messages);
    }

    [Fact]
    public async Task ANonAsciiRecipientOrFromIsRefusedBeforeSendingWhenTheServerLacksSmtpUtf8()
    {
        await using var server = ScriptedSmtpServer.Start(SmtpScripts.Polite());
        await using var api = new ApiPortal(_data.Path);
        var settings = new SmtpSettingsInput
        {
            PresetId = "custom", Host = "127.0.0.1", Port = server.Port, Security = SecurityMode.None,
            Username = "admin@example.test", Password = "secret", FromAddress = "portal@example.test",
        };
        Assert.True((await api.Get<SmtpSettingsStore>().SaveAsync(settings, null, Ct)).Succeeded);
        using var client = await api.ClientWithScopesAsync(ApiScopes.Test);

        var toUser = await JsonAsync(await client.PostAsJsonAsync("/api/settings/test", new { to = "用户@example.test" }, Ct));

        Assert.False(toUser.GetProperty("succeeded").GetBoolean());
        Assert.Equal("Utf8AddressNotSupported", toUser.GetProperty("category").GetString());
        Assert.Equal("The address 用户@example.test has non-ASCII characters before the @, and the server does not offer SMTPUTF8: nothing was sent.",
            toUser.GetProperty("summary").GetString());

        settings.FromAddress = "门户@example.test";
        settings.Password = null;
        Assert.True((await api.Get<SmtpSettingsStore>().SaveAsync(settings, 1, Ct)).Succeeded);
        var fromPortal = await JsonAsync(await client.PostAsJsonAsync("/api/settings/test", new { to = "ops@example.test" }, Ct));

        Assert.Equal("Utf8AddressNotSupported", fromPortal.GetProperty("category").GetString());
        Assert.Contains("The address 门户@example.test has non-ASCII characters before the @", fromPortal.GetProperty("summary").GetString());
        Assert.DoesNotContain(server.Received, l => l.StartsWith("MAIL", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ACheckLogsInWithoutAMessageAndIsAHistoryEntry()
    {
        await using var smtp = LocalSmtpServer.Plain();
        await using var api = new ApiPortal(_data.Path);
        Assert.True((await api.Get<SmtpSettingsStore>().SaveAsync(LocalSettings.For(smtp), null, Ct)).Succeeded);
        using var client = await api.ClientWithScopesAsync(ApiScopes.Test);

        var response = await client.PostAsync("/api/settings/check", null, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await JsonAsync(response);
        Assert.True(report.GetProperty("succeeded").GetBoolean());
        Assert.Contains("without encryption", report.GetProperty("summary").GetString());
        Assert.Single(smtp.Logins);
        Assert.Empty(smtp.Messages);
        var entry = Assert.Single(await api.Get<AuditLog>().FindAsync(new AuditFilter(AuditAction.ConnectionChecked), Ct));
        Assert.Equal("api:deploy script", entry.Actor);
    }

    [Fact]
    public async Task TheProbeTriesTheUsualPortsOfTheSavedHostAndIsAHistoryEntry()
    {
        await using var smtp = LocalSmtpServer.Plain();
        await using var api = new ApiPortal(_data.Path);
        using var client = await api.ClientWithScopesAsync(ApiScopes.Test);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync("/api/probe", new { }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/probe", new { host = "smtp://bad" }, Ct)).StatusCode);
        Assert.True((await api.Get<SmtpSettingsStore>().SaveAsync(LocalSettings.For(smtp), null, Ct)).Succeeded);

        var report = await JsonAsync(await client.PostAsJsonAsync("/api/probe", new { }, Ct));

        Assert.Equal("127.0.0.1", report.GetProperty("host").GetString());
        Assert.Equal([25, 465, 587, 2525], report.GetProperty("ports").EnumerateArray().Select(p => p.GetProperty("port").GetInt32()));
        Assert.All(report.GetProperty("ports").EnumerateArray(), p => Assert.False(string.IsNullOrEmpty(p.GetProperty("meaning").GetString())));
        Assert.False(string.IsNullOrEmpty(report.GetProperty("recommendation").GetString()));
        Assert.Single(await api.Get<AuditLog>().FindAsync(new AuditFilter(AuditAction.PortsProbed), Ct));
    }

    [Fact]
    public async Task TheProbeCountsAgainstTheTokensTestCapSoATokenCannotScanHostsAtWill()
    {
        await using var smtp = LocalSmtpServer.Plain();
        await using var api = new ApiPortal(_data.Path);
        Assert.True((await api.Get<SmtpSettingsStore>().SaveAsync(LocalSettings.For(smtp), null, Ct)).Succeeded);
        using var client = await api.ClientWithScopesAsync(ApiScopes.Test);
        var perMinute = new SmtpPortal.Security.AdminSecurityOptions().TestSendsPerMinute;
        for (var probe = 1; probe < perMinute; probe++)
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/probe", new { host = "127.0.0.1" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/api/settings/check", null, Ct)).StatusCode);

        var capped = await client.PostAsJsonAsync("/api/probe", new { host = "localhost" }, Ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, capped.StatusCode);
        var seconds = (int)capped.Headers.RetryAfter!.Delta!.Value.TotalSeconds;
        Assert.InRange(seconds, 1, 60);
        Assert.Equal($"You have run {perMinute} tests in the last minute (test emails, connection checks and port probes count together). The next one can start in {seconds} s.",
            (await JsonAsync(capped)).GetProperty("detail").GetString());
        Assert.Equal(perMinute - 1, (await api.Get<AuditLog>().FindAsync(new AuditFilter(AuditAction.PortsProbed), Ct)).Count);
    }

    [Fact]
    public async Task OnlyTheCertificateAFailedCheckSawCanBeTrusted()
    {
        using var certificate = TestCertificates.Create();
        await using var server = ScriptedSmtpServer.Start(SmtpScripts.Polite(startTlsCertificate: certificate));
        await using var api = new ApiPortal(_data.Path);
        var input = new SmtpSettingsInput
        {
            Host = "127.0.0.1", Port = server.Port, Security = SecurityMode.StartTls, Username = "me@example.test",
            Password = "secret", FromAddress = "me@example.test",
        };
        Assert.True((await api.Get<SmtpSettingsStore>().SaveAsync(input, null, Ct)).Succeeded);
        using var client = await api.ClientWithScopesAsync(ApiScopes.Test | ApiScopes.Write);
        var fingerprint = CertificateFingerprint.Format(TestCertificates.Sha256(certificate));

        var unseen = await client.PostAsJsonAsync("/api/settings/trust-certificate", new { sha256 = fingerprint }, Ct);
        var failed = await JsonAsync(await client.PostAsync("/api/settings/check", null, Ct));
        var trusted = await client.PostAsJsonAsync("/api/settings/trust-certificate", new { sha256 = failed.GetProperty("trustableCertificateSha256").GetString() }, Ct);
        var again = await JsonAsync(await client.PostAsync("/api/settings/check", null, Ct));

        Assert.Equal(HttpStatusCode.BadRequest, unseen.StatusCode);
        Assert.Contains("No failed test or check", (await JsonAsync(unseen)).GetProperty("errors").GetProperty("sha256")[0].GetString());
        Assert.Equal("Certificate", failed.GetProperty("category").GetString());
        Assert.Equal(fingerprint, failed.GetProperty("trustableCertificateSha256").GetString());
        Assert.Equal(HttpStatusCode.OK, trusted.StatusCode);
        Assert.True(again.GetProperty("succeeded").GetBoolean(), again.ToString());
        Assert.Single(await api.Get<AuditLog>().FindAsync(new AuditFilter(AuditAction.CertificateTrusted), Ct));
    }
}
