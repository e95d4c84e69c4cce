using SmtpPortal.History;
using SmtpPortal.Localization;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.History;

/// <summary>A test's result in History reads in the viewer's language, whoever ran it in whichever
/// language; the stored Details stay English for text search. Real portal, real SMTP server.</summary>
public sealed class TestResultHistoryTests : IAsyncLifetime
{
    private static readonly AuditActor Li = new("li", "192.0.2.8");
    private readonly TempFolder _data = new();
    private PortalFactory _portal = default!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _portal = new PortalFactory(_data.Path);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _portal.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task AWrongPasswordTriedInChineseReadsInEachViewersLanguage()
    {
        await using var server = LocalSmtpServer.StartTls();
        var store = _portal.Get<SmtpSettingsStore>();
        var saved = await store.SaveAsync(new SmtpSettingsInput
        {
            Host = "127.0.0.1", Port = server.Port, Security = SecurityMode.StartTls, Username = LocalSmtpServer.UserName,
            Password = "wrong password", FromAddress = "server@example.test",
        }, null, Li, Ct);
        // The admin's way to trust the test server's certificate: a check shows it, then it is trusted.
        var tests = _portal.Get<TestEmailService>();
        await tests.CheckAsync(Requester.Admin(Li), null, Ct);
        Assert.True((await store.TrustCertificateAsync(TestCertificates.Sha256(server.Certificate!), saved.Settings!.Revision, Li, Ct)).Succeeded);

        SendOutcome outcome;
        using (new UiCultureScope("zh-CN"))
            outcome = (await tests.SendAsync("someone@example.test", Requester.Admin(Li), null, Ct)).Outcome;

        Assert.Equal(SmtpFailureCategory.AuthenticationFailed, outcome.Category);
        var entry = Assert.Single(await _portal.Get<AuditLog>().FindAsync(new AuditFilter(AuditAction.TestFailed), Ct));
        Assert.Equal("to someone@example.test: The server rejected the username or password.",
            entry.Details);
        using (new UiCultureScope("zh-CN"))
            Assert.Equal("发往 someone@example.test：服务器拒绝了用户名或密码。",
                AuditTextRenderer.Describe(entry, ViewerTimeZone.Unknown));
        using (new UiCultureScope("en-US"))
            Assert.Equal(entry.Details, AuditTextRenderer.Describe(entry, ViewerTimeZone.Unknown));
    }
}
