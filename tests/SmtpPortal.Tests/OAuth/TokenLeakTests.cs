using System.Text;
using MailKit;
using MailKit.Net.Smtp;
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
        Assert.Null(await signIn.CompleteAsync(withSecret, OAuthTestBed.Account, challenge!, Ct));
        await bed.SaveSettingsAsync();
        Assert.True((await bed.SendTestAsync()).Succeeded);
        bed.Authorization.RevokeAll();
        bed.Get<OAuthAccessTokens>().Forget();
        Assert.Equal(SmtpFailureCategory.OAuthSignInRequired, (await bed.SendTestAsync()).Category);

        // The transcript as MailKit's protocol logger writes it, secrets detector and all.
        bed.Authorization.ApproveDeviceCodesAtOnce = true;
        var (again, _) = await signIn.StartAsync(withSecret, OAuthTestBed.Account, Ct);
        Assert.Null(await signIn.CompleteAsync(withSecret, OAuthTestBed.Account, again!, Ct));
        using var transcript = new MemoryStream();
        var (_, connection, problem) = await bed.Get<OAuthSmtpConnections>().GetConnectionAsync(Ct);
        Assert.Null(problem);
        var sender = new TestEmailSender(new TranscribingClientFactory(transcript), TimeProvider.System);
        var outcome = await sender.SendAsync(connection!, new TestMessage(OAuthTestBed.Account, null, null, "x@example.test", "s", "b"),
            TimeSpan.FromSeconds(10), Ct);
        Assert.True(outcome.Succeeded, outcome.Summary);
        var transcriptText = Encoding.UTF8.GetString(transcript.ToArray());
        Assert.Contains("AUTH XOAUTH2", transcriptText);

        var secrets = bed.Authorization.Secrets.Where(s => s.StartsWith("access-") || s.StartsWith("refresh-")
            || s == LocalAuthorizationServer.ClientSecret).ToList();
        Assert.True(secrets.Count >= 5);
        var history = await bed.Get<TestEmailService>().GetLatestAsync(Ct);
        var places = new Dictionary<string, string>
        {
            ["logs"] = string.Join('\n', bed.Logs.Lines),
            ["transcript"] = transcriptText,
            ["history"] = $"{history!.Summary} {history.ServerReply}",
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

    private sealed class TranscribingClientFactory(Stream transcript) : ISmtpClientFactory
    {
        public ISmtpClient Create(SmtpConnection connection, TlsObservation tls) =>
            new SmtpClient(new ProtocolLogger(transcript, leaveOpen: true));
    }
}
