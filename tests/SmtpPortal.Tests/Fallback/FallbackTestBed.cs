using SmtpPortal.Alerts;
using SmtpPortal.Fallback;
using SmtpPortal.Smtp;
using SmtpPortal.Tests.Relay;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Fallback;

/// <summary>The relay bed (its main provider an SMTP server of the test) with a second SMTP server
/// of the test saved as the fallback, and a webhook receiver as the admin's alert channel.</summary>
internal sealed class FallbackTestBed : IAsyncDisposable
{
    private FallbackTestBed(RelayTestBed relay, LocalSmtpServer fallback, WebhookReceiver receiver)
    {
        Relay = relay;
        Fallback = fallback;
        Receiver = receiver;
    }

    public RelayTestBed Relay { get; }
    public LocalSmtpServer Main => Relay.Provider;
    public LocalSmtpServer Fallback { get; }
    public WebhookReceiver Receiver { get; }

    public static async Task<FallbackTestBed> StartAsync(int switchAfterMinutes = 10)
    {
        var receiver = await WebhookReceiver.StartAsync();
        var fallback = LocalSmtpServer.Plain();
        var relay = await RelayTestBed.StartAsync(new Dictionary<string, string?>
        {
            ["SmtpPortal:Alerts:TelegramApiBase"] = receiver.BaseUrl.ToString(),
        });
        var bed = new FallbackTestBed(relay, fallback, receiver);
        var saved = await relay.Get<FallbackProviderStore>().SaveAsync(Input(fallback, switchAfterMinutes), RelayTestBed.Admin);
        Assert.True(saved.Succeeded, string.Join("; ", saved.Problems.Values));
        var channel = await relay.Get<AlertChannelStore>().AddAsync(new AlertChannelInput
        {
            Name = "Ops group", Kind = AlertChannelKind.Webhook, Url = receiver.Url("/hook"), Secret = "webhook-signing-secret",
        }, RelayTestBed.Admin);
        Assert.True(channel.Succeeded, string.Join("; ", channel.Problems.Values));
        return bed;
    }

    public static FallbackInput Input(LocalSmtpServer server, int switchAfterMinutes = 10) => new()
    {
        PresetId = "custom",
        Host = "127.0.0.1",
        Port = server.Port,
        Security = SecurityMode.None,
        Username = LocalSmtpServer.UserName,
        Password = LocalSmtpServer.Password,
        FromAddress = "portal@example.test",
        SwitchAfterMinutes = switchAfterMinutes,
    };

    /// <summary>The alerts the admin's channel received: title and text.</summary>
    public IReadOnlyList<(string Title, string Text)> Alerts =>
        [.. Receiver.Requests.Where(r => r.Path == "/hook").Select(r => ((string)r.Json["title"]!, (string)r.Json["text"]!))];

    public async Task SendThroughRelayAsync(int count, string subject)
    {
        var (app, secret) = await Relay.CreateAppAsync($"App {subject}");
        using var client = await Relay.ConnectAsync(app.UserName, secret);
        for (var i = 1; i <= count; i++)
            await client.SendAsync(RelayTestBed.Message(subject: $"{subject} {i}"), TestContext.Current.CancellationToken);
        await client.DisconnectAsync(true, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await Relay.DisposeAsync();
        await Fallback.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}
