using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using SmtpPortal.Data;
using SmtpPortal.OAuth;
using SmtpPortal.Smtp;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.OAuth;

/// <summary>Access tokens are refreshed before they expire; a revoked sign-in says what to do.</summary>
public sealed class OAuthAccessTokensTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheAccessTokenIsRefreshedShortlyBeforeItExpiresAndTheRotatedRefreshTokenIsKept()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-28T10:00:00Z"));
        await using var bed = await OAuthTestBed.StartAsync(time);
        await bed.SignInAsync();
        await bed.SaveSettingsAsync();
        var fromSignIn = bed.Authorization.CurrentAccessToken;

        Assert.True((await bed.SendTestAsync()).Succeeded);
        time.Advance(TimeSpan.FromMinutes(54));
        Assert.True((await bed.SendTestAsync()).Succeeded);
        Assert.Equal(0, bed.Authorization.RefreshCount);

        // Inside the five-minute margin: refreshed before the send, not after a failed login.
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.True((await bed.SendTestAsync()).Succeeded);
        Assert.Equal(1, bed.Authorization.RefreshCount);
        Assert.NotEqual(fromSignIn, bed.Authorization.CurrentAccessToken);

        // The old refresh token was used up; the next refresh works only with the rotated one.
        time.Advance(TimeSpan.FromHours(1));
        Assert.True((await bed.SendTestAsync()).Succeeded);
        Assert.Equal(2, bed.Authorization.RefreshCount);
        Assert.All(bed.Smtp.Logins, login => Assert.Equal(OAuthTestBed.Account, login.User));
        Assert.Equal(4, bed.Smtp.Messages.Count);
    }

    [Fact]
    public async Task ARevokedSignInSaysSignInAgainAndNothingReachesTheSmtpServer()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-28T10:00:00Z"));
        await using var bed = await OAuthTestBed.StartAsync(time);
        await bed.SignInAsync();
        await bed.SaveSettingsAsync();
        bed.Authorization.RevokeAll();
        time.Advance(TimeSpan.FromHours(2));

        var outcome = await bed.SendTestAsync();

        Assert.False(outcome.Succeeded);
        Assert.Equal(SmtpFailureCategory.OAuthSignInRequired, outcome.Category);
        Assert.Contains("Sign in again", DiagnosisWords.Render(outcome).Fix);
        Assert.Contains("AADSTS70000", outcome.Evidence.Detail);
        Assert.Null(outcome.Evidence.ServerReply);
        Assert.Empty(bed.Smtp.Logins);
        var recorded = await bed.Get<TestEmailService>().GetLatestAsync(Ct);
        Assert.Equal(SmtpFailureCategory.OAuthSignInRequired, recorded!.Category);
        var run = await bed.Get<TestEmailService>().CheckAsync(Requester.Admin(new SmtpPortal.History.AuditActor("admin", null)), null, Ct);
        Assert.Equal(SmtpFailureCategory.OAuthSignInRequired, run.Diagnosis.Category);
        Assert.Contains("Sign in again", DiagnosisWords.Render(run.Outcome).Fix);
    }

    [Fact]
    public async Task ARefusedXOAuth2LoginIsExplainedAsASignInProblemNotAPassword()
    {
        await using var bed = await OAuthTestBed.StartAsync();
        await bed.SignInAsync();
        await bed.SaveSettingsAsync();
        // The SMTP server now takes only a newer token, issued to another client of the app.
        var ours = bed.Authorization.CurrentAccessToken;
        await SignInElsewhereAsync(bed);
        Assert.NotEqual(ours, bed.Authorization.CurrentAccessToken);

        var outcome = await bed.SendTestAsync();

        Assert.Equal(SmtpFailureCategory.OAuthSignInRequired, outcome.Category);
        Assert.Contains("refused the OAuth2 sign-in", DiagnosisWords.Render(outcome).Summary);
        Assert.DoesNotContain("password", DiagnosisWords.All(DiagnosisWords.Render(outcome)));
    }

    [Fact]
    public async Task TheTokenIsNeverSentForAnotherAccountOrToAnotherHost()
    {
        await using var bed = await OAuthTestBed.StartAsync();
        await bed.SignInAsync();
        await bed.SaveSettingsAsync(username: "someone.else@outlook.test");

        var otherAccount = await bed.SendTestAsync();

        Assert.Equal(SmtpFailureCategory.OAuthSignInRequired, otherAccount.Category);
        Assert.Contains($"sign-in is for {OAuthTestBed.Account}", DiagnosisWords.Render(otherAccount).Summary);
        Assert.Empty(bed.Smtp.Logins);
    }

    [Fact]
    public async Task ASignInThatCannotBeDecryptedAsksToSignInAgainAndNeverSendsTheCiphertext()
    {
        await using var bed = await OAuthTestBed.StartAsync();
        await bed.SignInAsync();
        await bed.SaveSettingsAsync();
        await bed.DamageSignInAsync();
        bed.Get<OAuthAccessTokens>().Forget();

        var outcome = await bed.SendTestAsync();

        Assert.Equal(SmtpFailureCategory.OAuthSignInRequired, outcome.Category);
        Assert.Contains("can't be decrypted", DiagnosisWords.Render(outcome).Summary);
        Assert.Equal(0, bed.Authorization.RefreshCount);
        Assert.Empty(bed.Smtp.Logins);
    }

    /// <summary>Another client of the same app signs in: the provider's newest token changes.</summary>
    private static async Task SignInElsewhereAsync(OAuthTestBed bed)
    {
        var client = bed.Get<OAuthClient>();
        var (challenge, _) = await client.StartDeviceCodeAsync(bed.Registration(), null, Ct);
        Assert.NotNull((await client.PollDeviceCodeAsync(bed.Registration(), challenge!.DeviceCode, Ct)).Tokens);
    }
}
