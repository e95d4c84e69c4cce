using Microsoft.EntityFrameworkCore;
using SmtpPortal.Data;
using SmtpPortal.Fallback;
using SmtpPortal.History;
using SmtpPortal.Localization;
using SmtpPortal.Smtp;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Fallback;

/// <summary>"Check fallback": a login to the fallback provider with its own password, no message,
/// the same diagnosis as "Check connection", a History entry, and the same per-minute cap as tests.</summary>
public sealed class FallbackCheckTests : IAsyncLifetime
{
    private static readonly AuditActor Admin = new("admin", "192.0.2.4");
    private static readonly Requester AdminRequester = Requester.Admin(Admin);
    private readonly TempFolder _data = new();
    private LocalSmtpServer _server = default!;
    private PortalFactory _portal = default!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = LocalSmtpServer.Plain();
        _portal = new PortalFactory(_data.Path, new Dictionary<string, string?> { ["SmtpPortal:Security:TestSendsPerMinute"] = "2" });
        var saved = await _portal.Get<FallbackProviderStore>().SaveAsync(FallbackTestBed.Input(_server), Admin, Ct);
        Assert.True(saved.Succeeded, string.Join("; ", saved.Problems.Values));
    }

    public async ValueTask DisposeAsync()
    {
        await _portal.DisposeAsync();
        await _server.DisposeAsync();
        _data.Dispose();
    }

    private Task<IReadOnlyList<AuditEntry>> EntriesAsync(AuditAction action) =>
        AuditTable.EntriesAsync(_portal.Get<IDbContextFactory<PortalDbContext>>(), action);

    [Fact]
    public async Task TheCheckLogsInWithTheFallbacksOwnPasswordSendsNothingAndIsRecordedInBothLanguages()
    {
        var run = await _portal.Get<FallbackCheck>().RunAsync(AdminRequester, null, Ct);

        Assert.NotNull(run);
        Assert.True(run.Succeeded, run.Outcome.Summary);
        Assert.Equal($"Connection works, but without encryption: 127.0.0.1:{_server.Port} answered and the login succeeded with the password in plain text. No message was sent.",
            run.Outcome.Summary);
        Assert.Contains(run.Outcome.Stages, s => s.Stage == SmtpPortal.Smtp.Diagnostics.SmtpStage.Auth);
        Assert.Equal((LocalSmtpServer.UserName, LocalSmtpServer.Password), Assert.Single(_server.Logins));
        Assert.Empty(_server.Messages);
        var entry = Assert.Single(await EntriesAsync(AuditAction.FallbackChecked));
        Assert.Equal("admin", entry.Actor);
        Assert.Equal($"Fallback 127.0.0.1:{_server.Port}: {run.Outcome.Summary}", entry.Details);
        string chinese;
        using (new UiCultureScope("zh-CN"))
            chinese = AuditTextRenderer.Describe(entry, ViewerTimeZone.Unknown);
        Assert.StartsWith($"备用服务商 127.0.0.1:{_server.Port}：连接正常", chinese);
        // The Dashboard's newest test result stays about the main provider.
        Assert.Null(await _portal.Get<TestEmailService>().GetLatestAsync(Ct));
    }

    [Fact]
    public async Task ARefusedLoginIsDiagnosedAsTheSettingsPageWouldAndRecordedAsAFailedCheck()
    {
        _server.AcceptedPasswords.Clear();

        var run = await _portal.Get<FallbackCheck>().RunAsync(AdminRequester, null, Ct);

        Assert.Equal(SmtpFailureCategory.AuthenticationFailed, run!.Diagnosis.Category);
        Assert.Equal(535, run.Outcome.ReplyCode);
        Assert.DoesNotContain(LocalSmtpServer.Password, run.Outcome.Transcript);
        var entry = Assert.Single(await EntriesAsync(AuditAction.FallbackCheckFailed));
        Assert.Contains(run.Outcome.Summary, entry.Details);
        Assert.Empty(await EntriesAsync(AuditAction.FallbackChecked));
    }

    [Fact]
    public async Task FallbackChecksAndTestsShareOnePerMinuteCap()
    {
        var checks = _portal.Get<FallbackCheck>();

        Assert.True((await checks.RunAsync(AdminRequester, null, Ct))!.Succeeded);
        // The main settings' check counts in the same minute (it fails: nothing is set up).
        await _portal.Get<TestEmailService>().CheckAsync(AdminRequester, null, Ct);
        var refused = await checks.RunAsync(AdminRequester, null, Ct);
        var otherAdmin = await checks.RunAsync(Requester.Admin(new AuditActor("bob", null)), null, Ct);

        Assert.Equal(SmtpFailureCategory.RateLimited, refused!.Diagnosis.Category);
        Assert.Equal(2, refused.Diagnosis.Evidence.PerMinute);
        Assert.True(otherAdmin!.Succeeded);
        Assert.Equal(2, _server.Logins.Count);
        // A refused run reached no server and is no History entry.
        Assert.Equal(2, (await EntriesAsync(AuditAction.FallbackChecked)).Count);
    }

    [Fact]
    public async Task WithoutAFallbackThereIsNothingToCheck()
    {
        Assert.True(await _portal.Get<FallbackProviderStore>().RemoveAsync(Admin, Ct));

        Assert.Null(await _portal.Get<FallbackCheck>().RunAsync(AdminRequester, null, Ct));
        Assert.Empty(_server.Logins);
    }
}
