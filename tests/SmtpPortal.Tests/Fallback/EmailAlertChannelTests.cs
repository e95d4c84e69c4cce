using SmtpPortal.Alerts;
using SmtpPortal.Fallback;
using SmtpPortal.Tests.Relay;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Fallback;

/// <summary>Email alerts go out through the fallback provider, so that an alert about the main
/// provider does not depend on it.</summary>
public sealed class EmailAlertChannelTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AlertChannelInput Email(string address = "admin@example.org") =>
        new() { Name = "Admin's mailbox", Kind = AlertChannelKind.Email, Address = address };

    [Fact]
    public async Task WhileTheMainProviderRefusesTheLoginTheAlertEmailArrivesThroughTheFallback()
    {
        await using var bed = await FallbackTestBed.StartAsync();
        Assert.True((await bed.Relay.Get<AlertChannelStore>().AddAsync(Email(), RelayTestBed.Admin, Ct)).Succeeded);
        bed.Main.AcceptedPasswords.Clear();

        await bed.Relay.Get<ScheduledCheck>().RunAsync(Ct);

        await bed.Fallback.WaitForMessagesAsync(1);
        var mail = Assert.Single(bed.Fallback.Messages);
        Assert.Equal("[SmtpPortal] Scheduled check failed: the main provider is out, mail goes through the fallback", mail.Subject);
        Assert.Equal("admin@example.org", mail.To.Mailboxes.Single().Address);
        Assert.Equal("portal@example.test", mail.From.Mailboxes.Single().Address);
        Assert.Contains($"The scheduled check could not log in to 127.0.0.1:{bed.Main.Port}", mail.TextBody);
        Assert.Empty(bed.Main.Messages);
        // The chat channel got the same alert: one per channel, not one per cause and channel.
        Assert.Single(bed.Alerts);
    }

    [Fact]
    public async Task WithoutAFallbackAnEmailChannelIsRefusedInTheAdminsLanguageAndABadAddressNextToItsField()
    {
        await using var bed = await RelayTestBed.StartAsync();
        var channels = bed.Get<AlertChannelStore>();

        var english = await channels.AddAsync(Email(), RelayTestBed.Admin, Ct);
        AlertChannelSave chinese;
        using (new UiCultureScope("zh-CN"))
            chinese = await channels.AddAsync(Email("not an address"), RelayTestBed.Admin, Ct);

        Assert.Equal("Email alerts go out through the fallback provider: set one up first (Fallback provider page).",
            english.Problems[nameof(AlertChannelInput.Kind)]);
        Assert.Equal("邮件告警经备用服务商发出：请先在“备用服务商”页面设置一个。", chinese.Problems[nameof(AlertChannelInput.Kind)]);
        Assert.True(chinese.Problems.ContainsKey(nameof(AlertChannelInput.Address)));
        Assert.Empty(await channels.ListAsync(Ct));
    }

    [Fact]
    public async Task ATestAlertToAnEmailChannelWhoseFallbackWasRemovedSaysSo()
    {
        await using var bed = await FallbackTestBed.StartAsync();
        var added = await bed.Relay.Get<AlertChannelStore>().AddAsync(Email(), RelayTestBed.Admin, Ct);
        var delivered = await bed.Relay.Get<AlertService>().SendTestAsync(added.Channel!.Id, RelayTestBed.Admin, Ct);
        Assert.True(delivered!.Succeeded);
        await bed.Fallback.WaitForMessagesAsync(1);
        Assert.Equal("[SmtpPortal] SmtpPortal test alert", Assert.Single(bed.Fallback.Messages).Subject);

        await bed.Relay.Get<FallbackProviderStore>().RemoveAsync(RelayTestBed.Admin, Ct);
        var failed = await bed.Relay.Get<AlertService>().SendTestAsync(added.Channel.Id, RelayTestBed.Admin, Ct);

        Assert.False(failed!.Succeeded);
        Assert.Equal("no fallback provider is set up to send the email", failed.Problem!.Describe(bed.Relay.Get<Microsoft.Extensions.Localization.IStringLocalizer<AlertText>>()));
    }
}
