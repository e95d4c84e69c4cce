using Microsoft.Extensions.Time.Testing;
using SmtpPortal.Alerts;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Alerts;

/// <summary>An OAuth sign-in whose refresh fails, against the authorization server of the tests.</summary>
public sealed class ScheduledCheckOAuthTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ARevokedSignInRaisesTheOAuthConditionOnceAndNotTheGenericOne()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-28T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var bed = await OAuthTestBed.StartAsync(time);
        await using var receiver = await WebhookReceiver.StartAsync();
        await bed.SignInAsync();
        await bed.SaveSettingsAsync();
        Assert.True((await bed.Get<AlertChannelStore>().AddAsync(new AlertChannelInput
        {
            Name = "ops", Kind = AlertChannelKind.WeCom, Url = receiver.Url("/wecom"),
        }, OAuthTestBed.Admin, Ct)).Succeeded);
        var check = bed.Get<ScheduledCheck>();
        Assert.True((await check.RunAsync(Ct))!.Outcome.Succeeded);

        bed.Authorization.RevokeAll();
        time.Advance(TimeSpan.FromHours(2));
        await check.RunAsync(Ct);
        await check.RunAsync(Ct);

        var alert = (string)Assert.Single(receiver.Requests).Json["text"]!["content"]!;
        Assert.StartsWith("The OAuth sign-in for outgoing mail stopped working\n\n" +
            $"The scheduled check could not get a new access token for {OAuthTestBed.Account}: the sign-in is missing, expired or revoked.\n" +
            "What to do: open SmtpPortal's SMTP settings and sign in with the provider again.", alert);
        Assert.Equal(ScheduledCheck.OAuthRefreshFailed, Assert.Single(await bed.Get<AlertService>().FailingAsync(Ct)).Key);
        Assert.DoesNotContain(bed.Authorization.CurrentAccessToken!, alert);
    }
}
