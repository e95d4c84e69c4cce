using SmtpPortal.Alerts;
using SmtpPortal.Relay;
using SmtpPortal.Tests.Relay;
using SmtpPortal.Tests.TestSupport;
using SmtpServer.Protocol;

namespace SmtpPortal.Tests.Alerts;

/// <summary>The delay condition end to end: an app's message through the real relay, a provider
/// of the tests that keeps answering 451, the clock moved past the threshold, then the provider
/// taking it again.</summary>
public sealed class RelayDeliveryAlertsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AProviderThatKeepsDeferringAlertsWithItsReplyAndRecoveredWhenTheMessageGoesOut()
    {
        await using var bed = await RelayTestBed.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var channel = await bed.Get<AlertChannelStore>().AddAsync(new AlertChannelInput
        {
            Name = "ops", Kind = AlertChannelKind.WeCom, Url = receiver.Url("/wecom"),
        }, RelayTestBed.Admin, Ct);
        Assert.True(channel.Succeeded);
        for (var i = 0; i < 20; i++)
            bed.Provider.DataReplies.Enqueue(new SmtpResponse((SmtpReplyCode)451, "4.7.0 Try again later"));
        var (app, secret) = await bed.CreateAppAsync();
        using (var client = await bed.ConnectAsync(app.UserName, secret))
            await client.SendAsync(RelayTestBed.Message(), Ct);
        await bed.WaitForLogAsync(l => l.Count == 1 && l[0].Status == RelayMessageStatus.Deferred, "the message deferred");

        bed.Clock.Advance(TimeSpan.FromMinutes(31));
        await bed.Get<RelayAlerts>().EvaluateAsync(Ct);

        var failing = (string)Assert.Single(receiver.Requests).Json["text"]!["content"]!;
        Assert.StartsWith("Relayed mail is delayed: messages keep waiting for a retry\n\n1 message(s) from this server's apps are waiting for a retry. "
            + "The oldest was handed to the relay at 2026-12-06 10:00 UTC", failing);
        Assert.Contains("\nLast reason: the provider refused for now (temporary).\nThe provider said: 451 4.7.0 Try again later\n", failing);

        bed.Provider.DataReplies.Clear();
        // An attempt may still be under way with the last 451 it took: its retry is then due after
        // the clock's next move, so the clock moves on until the message is out.
        for (var minutes = 0; minutes < 180 && (await bed.LogAsync())[0].Status != RelayMessageStatus.Delivered; minutes += 10)
        {
            var change = bed.Get<SendLogUpdates>().Next;
            bed.Clock.Advance(TimeSpan.FromMinutes(10));
            await Task.WhenAny(change, Task.Delay(TimeSpan.FromSeconds(2), Ct));
        }
        await bed.WaitForLogAsync(l => l.Count == 1 && l[0].Status == RelayMessageStatus.Delivered, "the message delivered");
        await bed.Get<RelayAlerts>().EvaluateAsync(Ct);

        Assert.Equal(2, receiver.Requests.Count);
        Assert.StartsWith("Relayed mail is no longer delayed\n\n", (string)receiver.Requests.Last().Json["text"]!["content"]!);
        Assert.DoesNotContain(receiver.Requests, r => r.Text.Contains(LocalSmtpServer.Password) || r.Text.Contains(secret));
    }
}
