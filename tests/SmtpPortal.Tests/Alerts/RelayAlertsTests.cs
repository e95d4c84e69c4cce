using SmtpPortal.Alerts;
using SmtpPortal.History;
using SmtpPortal.Relay;

namespace SmtpPortal.Tests.Alerts;

/// <summary>The relay's alert conditions over a real database in a temp folder: send-log rows in
/// the states that raise each condition, a fake clock to move time, and an English and a Chinese
/// WeCom channel played by a webhook receiver of the tests.</summary>
public sealed class RelayAlertsTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = AlertTestBed.Start;

    private AlertTestBed _bed = default!;
    private RelayQueueRows _rows = default!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _bed = await AlertTestBed.StartAsync(new Dictionary<string, string?> { ["SmtpPortal:Alerts:RelayQueueMessages"] = "10" });
        _rows = new RelayQueueRows(_bed.Db, Start);
        await _bed.AddAsync(SmtpPortal.Alerts.AlertChannelKind.WeCom, "/en", name: "ops");
        await _bed.AddAsync(SmtpPortal.Alerts.AlertChannelKind.WeCom, "/zh", language: "zh-CN", name: "值班群");
    }

    public async ValueTask DisposeAsync() => await _bed.DisposeAsync();

    private RelayAlerts Conditions => _bed.Portal.Get<RelayAlerts>();

    private Task TurnRelayAsync(bool on) => _bed.Portal.Get<RelayStateStore>().SetEnabledAsync(on, AlertTestBed.Admin, Ct);

    private Task EvaluateAsync() => Conditions.EvaluateAsync(Ct);

    /// <summary>Each alert the channel got, title and text, without the signature line.</summary>
    private string[] Alerts(string path) =>
        [.. _bed.Receiver.Requests.Where(r => r.Path == path).Select(r => (string)r.Json["text"]!["content"]!)
            .Select(text => text[..text.LastIndexOf("\n\n", StringComparison.Ordinal)])];

    [Fact]
    public async Task MailWaitingForARetryLongerThanTheThresholdAlertsOnceAndRecoveredOnceItIsDelivered()
    {
        await TurnRelayAsync(true);
        var waiting = await _rows.DeferredAsync(2, Start, lastAttemptAt: Start.AddMinutes(10), reply: "454 4.7.0 Temporary authentication failure");
        waiting = [.. waiting, .. await _rows.DeferredAsync(1, Start.AddMinutes(5), lastAttemptAt: Start.AddMinutes(20))];

        _bed.Clock.Advance(TimeSpan.FromMinutes(30));
        await EvaluateAsync();
        Assert.Empty(_bed.Receiver.Requests);

        _bed.Clock.Advance(TimeSpan.FromMinutes(1));
        await EvaluateAsync();
        _bed.Clock.Advance(TimeSpan.FromMinutes(1));
        await EvaluateAsync();

        Assert.Equal("""
            Relayed mail is delayed: messages keep waiting for a retry

            3 message(s) from this server's apps are waiting for a retry. The oldest was handed to the relay at 2026-12-06 05:00 UTC and has waited 31 minutes, longer than the 30 minutes allowed (SmtpPortal:Alerts:RelayDeferredMinutes).
            Last reason: the provider refused the login: check the password in SMTP settings.
            The provider said: 535 5.7.8 Authentication credentials invalid
            What to do: open SmtpPortal's Sent mail page for the provider's replies, and click "Check connection" in SMTP settings. Once the cause is fixed the relay retries by itself (saving the settings retries at once); a message still not delivered 48 hours after it arrived fails.
            """, Assert.Single(Alerts("/en")));
        Assert.Equal("""
            中继邮件投递延迟：多封邮件一直在等待重试

            本服务器的应用交给中继的邮件中，有 3 封正在等待重试。最早的一封于 2026-12-06 05:00 UTC 进入中继，已等待 31 分钟，超过了设定的 30 分钟（SmtpPortal:Alerts:RelayDeferredMinutes）。
            最近一次的原因：服务商拒绝登录：请检查 SMTP 设置中的密码。
            服务商的回复：535 5.7.8 Authentication credentials invalid
            处理方法：打开 SmtpPortal 的“发信记录”查看服务商的回复，并在“SMTP 设置”中点击“检查连接”。问题解决后中继会自动重试（保存设置会立即重试）；邮件进入中继 48 小时后仍未送达的，将按失败处理。
            """, Assert.Single(Alerts("/zh")));
        Assert.Equal(RelayAlerts.Delayed, Assert.Single(await _bed.Alerts.FailingAsync(Ct)).Key);

        await _rows.DeliverAsync(waiting, _bed.Clock.GetUtcNow());
        await EvaluateAsync();
        await EvaluateAsync();

        Assert.Equal("""
            Relayed mail is no longer delayed

            No relayed message has been waiting longer than 30 minutes any more; 0 message(s) wait for a retry now.
            The problem had been there since 2026-12-06 05:31 UTC.
            """, Alerts("/en")[1]);
        Assert.Equal("""
            中继邮件已不再延迟

            已没有等待超过 30 分钟的中继邮件；目前有 0 封在等待重试。
            该问题自 2026-12-06 05:31 UTC 起一直存在。
            """, Alerts("/zh")[1]);
        Assert.Equal(2, Alerts("/en").Length);
        Assert.Empty(await _bed.Alerts.FailingAsync(Ct));
        Assert.Equal(["WeCom 'ops': Relayed mail is delayed: messages keep waiting for a retry",
            "WeCom 'ops': Relayed mail is no longer delayed"],
            (await _bed.HistoryAsync(AuditAction.AlertSent)).Select(e => e.Details).Where(d => d.StartsWith("WeCom 'ops'", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task OneBadRecipientAtATimeIsNoAlertButARunOfRefusalsIsUntilAMessageIsDelivered()
    {
        await TurnRelayAsync(true);
        // Failures between deliveries: single bad addresses, mail goes out.
        await _rows.FailedAsync(Start.AddMinutes(1));
        await _rows.DeliveredAsync(Start.AddMinutes(2));
        await _rows.FailedAsync(Start.AddMinutes(3));
        await _rows.DeliveredAsync(Start.AddMinutes(4));
        await _rows.FailedAsync(Start.AddMinutes(5));
        _bed.Clock.Advance(TimeSpan.FromMinutes(6));
        await EvaluateAsync();
        Assert.Empty(_bed.Receiver.Requests);

        await _rows.FailedAsync(Start.AddMinutes(6));
        await _rows.FailedAsync(Start.AddMinutes(7), reply: "550 5.7.1 Daily sending quota exceeded");
        _bed.Clock.Advance(TimeSpan.FromMinutes(2));
        await EvaluateAsync();
        await EvaluateAsync();

        Assert.Equal("""
            Relayed mail is being refused: messages failed for good

            3 messages failed for good since 2026-12-06 05:05 UTC (within the last 60 minutes) and none was delivered after the first of them: the provider refuses this server's mail, not just one address.
            Last reason: the provider refused the sender.
            The provider said: 550 5.7.1 Daily sending quota exceeded
            What to do: open SmtpPortal's Sent mail page and read the provider's replies. Common causes: a From address the account may not send as, an account that is suspended or over its sending quota, mail the provider takes for spam. Failed messages are not retried: once the cause is fixed, the apps must send them again.
            """, Assert.Single(Alerts("/en")));
        Assert.Equal("""
            中继邮件被拒：多封邮件投递失败且不再重试

            自 2026-12-06 05:05 UTC 起（最近 60 分钟内）有 3 封邮件投递失败且不再重试，其后没有一封送达：服务商拒收的是本服务器的邮件，而不只是某一个地址。
            最近一次的原因：服务商拒绝了发件人。
            服务商的回复：550 5.7.1 Daily sending quota exceeded
            处理方法：打开 SmtpPortal 的“发信记录”，查看服务商的回复。常见原因：账号无权使用该发件人地址、账号被停用或超出发送额度、邮件被服务商判为垃圾邮件。失败的邮件不会自动重试：问题解决后，需要由应用重新发送。
            """, Assert.Single(Alerts("/zh")));

        await _rows.DeliveredAsync(Start.AddMinutes(9));
        _bed.Clock.Advance(TimeSpan.FromMinutes(1));
        await EvaluateAsync();

        Assert.Equal("""
            Relayed mail is no longer failing

            A relayed message was delivered at 2026-12-06 05:09 UTC: mail goes out again.
            The problem had been there since 2026-12-06 05:08 UTC.
            """, Alerts("/en")[1]);
        Assert.Equal("""
            中继邮件已不再连续投递失败

            2026-12-06 05:09 UTC 已有中继邮件成功送达，邮件恢复发出。
            该问题自 2026-12-06 05:08 UTC 起一直存在。
            """, Alerts("/zh")[1]);
        Assert.Empty(await _bed.Alerts.FailingAsync(Ct));
    }

    [Fact]
    public async Task ARunOfRefusalsClearsOnceItLeavesTheWindowWithoutADelivery()
    {
        await TurnRelayAsync(true);
        foreach (var minute in new[] { 0, 1, 2 })
            await _rows.FailedAsync(Start.AddMinutes(minute));
        _bed.Clock.Advance(TimeSpan.FromMinutes(3));
        await EvaluateAsync();
        Assert.Single(Alerts("/en"));

        // At 06:00 the window starts at 05:00: all three still count.
        _bed.Clock.Advance(TimeSpan.FromMinutes(57));
        await EvaluateAsync();
        Assert.Single(Alerts("/en"));
        _bed.Clock.Advance(TimeSpan.FromMinutes(1));
        await EvaluateAsync();

        Assert.Equal("""
            Relayed mail is no longer failing

            Fewer than 3 relayed messages failed for good in the last 60 minutes.
            The problem had been there since 2026-12-06 05:03 UTC.
            """, Alerts("/en")[1]);
        Assert.Equal("""
            中继邮件已不再连续投递失败

            最近 60 分钟内投递失败的中继邮件已少于 3 封。
            该问题自 2026-12-06 05:03 UTC 起一直存在。
            """, Alerts("/zh")[1]);
    }

    [Fact]
    public async Task AQueueLongerThanItsThresholdAlertsOnceAndRecoveredWhenItIsShortEnough()
    {
        await TurnRelayAsync(true);
        var queued = await _rows.QueuedAsync(8, Start);
        await _rows.DeferredAsync(3, Start);

        await EvaluateAsync();
        await EvaluateAsync();

        Assert.Equal("""
            The relay's queue is long

            11 messages are waiting in the relay's queue (queued, being sent or waiting for a retry), more than the 10 allowed (SmtpPortal:Alerts:RelayQueueMessages); 3 of them wait for a retry.
            What to do: on SmtpPortal's Sent mail page, see which app sends far more than usual (a loop, or a web form abused by spammers) and revoke its relay login on the Relay page if so. If the messages wait for a retry, the provider is the cause: read its replies there. A provider's sending limit also holds mail back until the limit allows more.
            """, Assert.Single(Alerts("/en")));
        Assert.Equal("""
            中继队列积压

            中继队列中有 11 封邮件在等待（排队中、发送中或等待重试），超过了设定的 10 封（SmtpPortal:Alerts:RelayQueueMessages），其中 3 封在等待重试。
            处理方法：在 SmtpPortal 的“发信记录”中查看是哪个应用发信量异常（程序循环发信，或网页表单被垃圾邮件发送者滥用），必要时在“中继”页面吊销它的中继登录。如果邮件在等待重试，问题出在服务商：请在那里查看服务商的回复。服务商的发送限额也会让邮件暂缓发送，直到额度允许为止。
            """, Assert.Single(Alerts("/zh")));

        await _rows.DeleteAsync(queued[0]);
        await EvaluateAsync();

        Assert.Equal("""
            The relay's queue is back to normal

            10 message(s) wait in the relay's queue, no more than the 10 allowed.
            The problem had been there since 2026-12-06 05:00 UTC.
            """, Alerts("/en")[1]);
        Assert.Equal("""
            中继队列已恢复正常

            中继队列中有 10 封邮件在等待，未超过设定的 10 封。
            该问题自 2026-12-06 05:00 UTC 起一直存在。
            """, Alerts("/zh")[1]);
    }

    [Fact]
    public async Task WhileTheRelayIsOffNothingIsRaisedButARaisedConditionStillClears()
    {
        var waiting = await _rows.DeferredAsync(1, Start.AddMinutes(-40));

        Assert.False(await Conditions.EvaluateAsync(Ct));
        Assert.Empty(_bed.Receiver.Requests);

        await TurnRelayAsync(true);
        await EvaluateAsync();
        Assert.Single(Alerts("/en"));
        await TurnRelayAsync(false);
        // Off, with the condition still holding: neither raised again nor cleared.
        await EvaluateAsync();
        Assert.Single(Alerts("/en"));

        await _rows.DeliverAsync(waiting, Start);
        await EvaluateAsync();
        Assert.StartsWith("Relayed mail is no longer delayed", Alerts("/en")[1]);

        // Nothing failing and the relay off: the queue is not even looked at.
        await _rows.DeferredAsync(1, Start.AddMinutes(-40));
        Assert.False(await Conditions.EvaluateAsync(Ct));
        Assert.Equal(2, Alerts("/en").Length);
    }

    [Fact]
    public async Task TheHostedWatcherLooksOnceAMinuteOnTheClockAndAlertsOnlyOnce()
    {
        var watcher = _bed.Portal.Get<RelayAlertsService>();
        var looks = 0;
        watcher.Evaluated += () => Interlocked.Increment(ref looks);
        await TurnRelayAsync(true);
        await _rows.DeferredAsync(1, Start.AddMinutes(-45));
        var alert = _bed.Receiver.NextAsync("/en");

        // Seconds at a time: the watcher may not have started its wait yet, and a test never sleeps a minute.
        await AdvanceUntilAsync(() => Volatile.Read(ref looks) >= 1);
        await alert.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        await AdvanceUntilAsync(() => Volatile.Read(ref looks) >= 3);

        Assert.Single(Alerts("/en"));
        Assert.Single(Alerts("/zh"));
        Assert.Equal(RelayAlerts.Delayed, Assert.Single(await _bed.Alerts.FailingAsync(Ct)).Key);
    }

    private async Task AdvanceUntilAsync(Func<bool> done)
    {
        for (var i = 0; i < 2000 && !done(); i++)
        {
            _bed.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(5, Ct);
        }
        Assert.True(done());
    }
}
