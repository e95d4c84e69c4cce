using SmtpPortal.History;
using SmtpPortal.OAuth;
using SmtpPortal.Smtp;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.OAuth;

/// <summary>The device-code sign-in against a local authorization server, then a real XOAUTH2 send.</summary>
public sealed class DeviceCodeSignInTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PollingWaitsWhileTheSignInIsPendingAndStoresItOnceApproved()
    {
        await using var bed = await OAuthTestBed.StartAsync();
        var signIn = bed.Get<DeviceCodeSignIn>();

        var (challenge, problem) = await signIn.StartAsync(bed.Registration(), OAuthTestBed.Account, Ct);
        Assert.Null(problem);
        Assert.StartsWith("CODE", challenge!.UserCode);
        Assert.StartsWith(bed.Authorization.BaseUrl, challenge.VerificationUri);

        var completing = signIn.CompleteAsync(bed.Registration(), OAuthTestBed.Account, challenge, OAuthTestBed.Admin, Ct);
        await bed.Authorization.FirstPendingPoll.WaitAsync(Ct);
        Assert.False(completing.IsCompleted);
        Assert.Null(await bed.Get<OAuthGrantStore>().GetSummaryAsync(Ct));

        bed.Authorization.Approve(challenge.UserCode);
        Assert.Null(await completing);

        Assert.True(bed.Authorization.DevicePollCount >= 2);
        var grant = await bed.Get<OAuthGrantStore>().GetSummaryAsync(Ct);
        Assert.Equal(OAuthTestBed.Account, grant!.Account);
        Assert.Equal("outlook", grant.PresetId);
        Assert.Equal("consumers", grant.Tenant);
    }

    [Fact]
    public async Task AfterTheSignInTheTestEmailLogsInWithXOAuth2AndArrives()
    {
        await using var bed = await OAuthTestBed.StartAsync();
        await bed.SignInAsync();
        await bed.SaveSettingsAsync();

        var outcome = await bed.SendTestAsync();

        Assert.True(outcome.Succeeded, outcome.Category.ToString());
        var (user, token) = Assert.Single(bed.Smtp.Logins);
        Assert.Equal(OAuthTestBed.Account, user);
        Assert.Equal(bed.Authorization.CurrentAccessToken, token);
        Assert.Contains("Subject: SmtpPortal test email", Assert.Single(bed.Smtp.Messages));
    }

    [Fact]
    public async Task CancellingTheSignInStopsPollingAndStoresNothing()
    {
        await using var bed = await OAuthTestBed.StartAsync();
        var signIn = bed.Get<DeviceCodeSignIn>();
        var (challenge, _) = await signIn.StartAsync(bed.Registration(), OAuthTestBed.Account, Ct);
        using var cancel = new CancellationTokenSource();

        var completing = signIn.CompleteAsync(bed.Registration(), OAuthTestBed.Account, challenge!, OAuthTestBed.Admin, cancel.Token);
        await bed.Authorization.FirstPendingPoll.WaitAsync(Ct);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => completing);
        Assert.Null(await bed.Get<OAuthGrantStore>().GetSummaryAsync(Ct));
    }

    [Fact]
    public async Task AnUnknownClientIdIsExplainedAsARejectedApp()
    {
        await using var bed = await OAuthTestBed.StartAsync();

        var (challenge, problem) = await bed.Get<DeviceCodeSignIn>().StartAsync(
            bed.Registration(clientId: "someone-elses-app"), OAuthTestBed.Account, Ct);

        Assert.Null(challenge);
        Assert.Equal(SmtpFailureCategory.OAuthClientRejected, problem!.Category);
        Assert.Contains("check the client id", problem.Summary);
        Assert.Contains("AADSTS700016", problem.ProviderError);
    }
}
