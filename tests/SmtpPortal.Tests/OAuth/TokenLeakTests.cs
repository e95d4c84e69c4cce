using System.Text;
using SmtpPortal.History;
using SmtpPortal.OAuth;
using SmtpPortal.Smtp;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.OAuth;

/// <summary>Refresh and access tokens (and the client secret) never show up in logs, in the SMTP
/// transcript, in the test history or in plain text anywhere in the data directory.</summary>
public sealed class TokenLeakTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TokensStayOutOfLogsTranscriptsHistoryAndTheDataDirectory()
    {
        await using var bed = await OAuthTestBed.StartAsync();
        bed.Authorization.ApproveDeviceCodesAtOnce = true;
        var withSecret = bed.Registration(secret: LocalAuthorizationServer.ClientSecret);
        var signIn = bed.Get<DeviceCodeSignIn>();
        var (challenge, _) = await signIn.StartAsync(withSecret, OAuthTestBed.Account, Ct);
        Assert.Null(await signIn.CompleteAsync(withSecret, OAuthTestBed.Account, challenge!, OAuthTestBed.Admin, Ct));
        await bed.SaveSettingsAsync();
        Assert.True((await bed.SendTestAsync()).Succeeded);
        bed.Authorization.RevokeAll();
        bed.Get<OAuthAccessTokens>().Forget();
        Assert.Equal(SmtpFailureCategory.OAuthSignInRequired, (await bed.SendTestAsync()).Category);

        // Signed in again: this send's transcript (MailKit's logger plus SmtpPortal's redactor) is kept.
        var (again, _) = await signIn.StartAsync(withSecret, OAuthTestBed.Account, Ct);
        Assert.Null(await signIn.CompleteAsync(withSecret, OAuthTestBed.Account, again!, OAuthTestBed.Admin, Ct));
        var outcome = await bed.SendTestAsync();
        Assert.True(outcome.Succeeded, outcome.Category.ToString());
        var transcriptText = outcome.Transcript;
        Assert.Contains("AUTH XOAUTH2", transcriptText);

        var secrets = bed.Authorization.Secrets.Where(s => s.StartsWith("access-") || s.StartsWith("refresh-")
            || s == LocalAuthorizationServer.ClientSecret).ToList();
        Assert.True(secrets.Count >= 5);
        var history = await bed.Get<TestEmailService>().GetLatestAsync(Ct);
        var places = new Dictionary<string, string>
        {
            ["logs"] = string.Join('\n', bed.Logs.Lines),
            ["transcript"] = transcriptText,
            ["history"] = $"{history!.Summary} {history.ServerReply} {history.Transcript} {history.Evidence}",
            ["data directory"] = bed.DataFilesText(),
        };
        Assert.NotEmpty(bed.Logs.Lines);
        foreach (var (place, text) in places)
            foreach (var secret in secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"a token or secret is in the {place}");
                Assert.False(text.Contains(Convert.ToBase64String(Encoding.UTF8.GetBytes(
                    $"user={OAuthTestBed.Account}\x01auth=Bearer {secret}\x01\x01")), StringComparison.Ordinal), $"an XOAUTH2 blob is in the {place}");
            }
    }
}
