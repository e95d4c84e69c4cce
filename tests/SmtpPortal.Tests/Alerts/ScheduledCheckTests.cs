using Microsoft.EntityFrameworkCore;
using SmtpPortal.Alerts;
using SmtpPortal.History;
using SmtpPortal.Settings;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Alerts;

/// <summary>The scheduled check against a real SMTP server of the tests that starts refusing the
/// login, with alerts going to a webhook receiver of the tests; time moves on a fake clock.</summary>
public sealed class ScheduledCheckTests : IAsyncLifetime
{
    private AlertTestBed _bed = default!;
    private LocalSmtpServer _smtp = default!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _smtp = LocalSmtpServer.Plain();
        _bed = await AlertTestBed.StartAsync();
        Assert.True((await _bed.Portal.Get<SmtpSettingsStore>().SaveAsync(LocalSettings.For(_smtp), null, AlertTestBed.Admin, Ct)).Succeeded);
    }

    public async ValueTask DisposeAsync()
    {
        await _bed.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    private ScheduledCheck Check => _bed.Portal.Get<ScheduledCheck>();

    private string[] Texts(string path) =>
        [.. _bed.Receiver.Requests.Where(r => r.Path == path).Select(r => (string)r.Json["text"]!["content"]!)];

    [Fact]
    public async Task AServerThatStartsRefusingTheLoginAlertsOnceAndRecoveredWhenItWorksAgain()
    {
        await _bed.AddAsync(AlertChannelKind.WeCom, "/wecom");
        Assert.True((await Check.RunAsync(Ct))!.Outcome.Succeeded);
        Assert.Empty(_bed.Receiver.Requests);

        _smtp.AcceptedPasswords.Clear();
        Assert.False((await Check.RunAsync(Ct))!.Outcome.Succeeded);
        Assert.False((await Check.RunAsync(Ct))!.Outcome.Succeeded);
        var failing = Assert.Single(Texts("/wecom"));
        Assert.StartsWith("Scheduled check failed: this server's mail is not going out\n\n" +
            $"The scheduled check could not log in to 127.0.0.1:{_smtp.Port}: the server refused the login (wrong, expired or revoked password or app password).\n" +
            "The server said: 535", failing);
        Assert.Contains("click \"Check connection\"", failing);

        _smtp.AcceptedPasswords[LocalSmtpServer.Password] = true;
        // Less than the interval: the hosted check must not add a run of its own here.
        _bed.Clock.Advance(TimeSpan.FromHours(2));
        Assert.True((await Check.RunAsync(Ct))!.Outcome.Succeeded);
        Assert.True((await Check.RunAsync(Ct))!.Outcome.Succeeded);

        var texts = Texts("/wecom");
        Assert.Equal(2, texts.Length);
        Assert.StartsWith("Scheduled check passed again: mail is going out\n\n" +
            $"The scheduled check logged in to 127.0.0.1:{_smtp.Port} without problems.\n" +
            "The problem had been there since 2026-12-06 05:00 UTC.", texts[1]);
        // No SMTP secret in any alert, however it went.
        Assert.DoesNotContain(_bed.Receiver.Requests, r => r.Text.Contains(LocalSmtpServer.Password));
        // Every run and every alert is in the History.
        var checks = (await _bed.HistoryAsync(AuditAction.ConnectionChecked)).Concat(await _bed.HistoryAsync(AuditAction.ConnectionCheckFailed));
        Assert.Equal(5, checks.Count(e => e.Actor == ScheduledCheck.ActorName));
        Assert.Equal(["WeCom 'WeCom /wecom': Scheduled check failed: this server's mail is not going out",
            "WeCom 'WeCom /wecom': Scheduled check passed again: mail is going out"],
            (await _bed.HistoryAsync(AuditAction.AlertSent)).Select(e => e.Details));
    }

    [Fact]
    public async Task APasswordOlderThanTheMaximumAgeAlertsOnceInTheChannelsLanguage()
    {
        await _bed.AddAsync(AlertChannelKind.WeCom, "/zh", language: "zh-CN");
        _bed.Clock.Advance(TimeSpan.FromDays(181));

        await Check.RunAsync(Ct);
        await Check.RunAsync(Ct);

        var text = Assert.Single(Texts("/zh"));
        Assert.StartsWith("SMTP 密码该更换了\n\nSMTP 密码已使用 181 天，超过了设定的 180 天上限（SmtpPortal:PasswordMaxAgeDays）。\n" +
            "处理方法：先到邮件服务商处生成新的密码（或授权码、客户端专用密码），再到 SmtpPortal 的“SMTP 设置”中填入。", text);
        Assert.Contains("—— 来自 ", text);
        Assert.Equal(ScheduledCheck.PasswordOld, Assert.Single(await _bed.Alerts.FailingAsync(Ct)).Key);
    }

    [Fact]
    public async Task TheHostedCheckRunsWhenTheClockReachesTheIntervalAndTheDashboardCanShowIt()
    {
        var service = _bed.Portal.Get<ScheduledCheckService>();
        var ran = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        service.RunCompleted += () => ran.TrySetResult();
        await WaitUntilAsync(() => service.NextRunAt is not null);
        Assert.Equal(AlertTestBed.Start.AddDays(1), service.NextRunAt);
        Assert.Null(await Check.GetLastAsync(Ct));

        _bed.Clock.Advance(TimeSpan.FromHours(23));
        Assert.False(ran.Task.IsCompleted);
        _bed.Clock.Advance(TimeSpan.FromHours(1));
        await ran.Task.WaitAsync(TimeSpan.FromSeconds(60), Ct);

        var last = await Check.GetLastAsync(Ct);
        Assert.NotNull(last);
        Assert.True(last.Succeeded);
        Assert.Equal(AlertTestBed.Start.AddDays(1), last.StartedAt);
        var entry = Assert.Single(await _bed.HistoryAsync(AuditAction.ConnectionChecked));
        Assert.Equal(ScheduledCheck.ActorName, entry.Actor);
        await WaitUntilAsync(() => service.NextRunAt == AlertTestBed.Start.AddDays(2));
    }

    [Fact]
    public async Task AChannelThatNeverAnswersBlocksNeitherTheOtherChannelsNorTheCheck()
    {
        await _bed.AddAsync(AlertChannelKind.WeCom, "/hang");
        await _bed.AddAsync(AlertChannelKind.WeCom, "/fine");
        var hanging = _bed.Receiver.NextAsync("/hang");
        var fine = _bed.Receiver.NextAsync("/fine");
        _smtp.AcceptedPasswords.Clear();

        var run = Check.RunAsync(Ct);
        await Task.WhenAll(hanging, fine).WaitAsync(TimeSpan.FromSeconds(60), Ct);
        Assert.False(run.IsCompleted);
        // The healthy channel was answered while the other one still hangs.
        await WaitUntilAsync(async () => (await _bed.HistoryAsync(AuditAction.AlertSent)).Count == 1);

        _bed.Clock.Advance(TimeSpan.FromSeconds(10));
        await run.WaitAsync(TimeSpan.FromSeconds(60), Ct);

        var failed = Assert.Single(await _bed.HistoryAsync(AuditAction.AlertFailed));
        Assert.Equal("WeCom 'WeCom /hang': Scheduled check failed: this server's mail is not going out; not delivered: no answer within 10 seconds", failed.Details);
        Assert.Equal(ScheduledCheck.CheckFailed, Assert.Single(await _bed.Alerts.FailingAsync(Ct)).Key);
    }

    [Fact]
    public async Task AChangedCertificateUnderAPinRaisesThePinConditionNotTheGenericOne()
    {
        await using var tls = LocalSmtpServer.StartTls();
        var store = _bed.Portal.Get<SmtpSettingsStore>();
        var input = LocalSettings.For(tls);
        input.Security = SmtpPortal.Smtp.SecurityMode.StartTls;
        var saved = await store.SaveAsync(input, (await store.GetAsync(Ct))!.Revision, AlertTestBed.Admin, Ct);
        Assert.True(saved.Succeeded, saved.ToString());
        await using (var db = await _bed.Db.CreateDbContextAsync(Ct))
            await db.SmtpSettings.ExecuteUpdateAsync(s => s.SetProperty(x => x.TrustedCertificateSha256, new string('A', 64)), Ct);
        await _bed.AddAsync(AlertChannelKind.WeCom, "/pin");

        await Check.RunAsync(Ct);

        var text = Assert.Single(Texts("/pin"));
        Assert.StartsWith($"The SMTP server's certificate has changed\n\n127.0.0.1:{tls.Port} now shows a certificate (SHA-256 ", text);
        Assert.Contains(SmtpPortal.Smtp.CertificateFingerprint.Of(tls.Certificate!), text);
        Assert.Equal(ScheduledCheck.CertificatePinChanged, Assert.Single(await _bed.Alerts.FailingAsync(Ct)).Key);
    }

    private static async Task WaitUntilAsync(Func<bool> condition) => await WaitUntilAsync(() => Task.FromResult(condition()));

    /// <summary>Polls state another task changes; bounded so a bug fails the test instead of hanging it.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 600 && !await condition(); i++)
            await Task.Delay(50, Ct);
        Assert.True(await condition());
    }
}
