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
        }, null, Ct, Li);
        await store.TrustCertificateAsync(TestCertificates.Sha256(server.Certificate!), saved.Settings!.Revision, Ct, Li);

        SendOutcome outcome;
        using (new UiCultureScope("zh-CN"))
            outcome = await _portal.Get<TestEmailService>().SendAsync("someone@example.test", "li", Ct, Li);

        Assert.Equal(SmtpFailureCategory.AuthenticationFailed, outcome.Category);
        var entry = Assert.Single(await _portal.Get<AuditLog>().FindAsync(new AuditFilter(AuditAction.TestFailed), Ct));
        Assert.Equal("to someone@example.test: The server rejected the username or password. Check the secret this provider expects (see its notes).",
            entry.Details);
        using (new UiCultureScope("zh-CN"))
            Assert.Equal("发往 someone@example.test：服务器拒绝了用户名或密码。请确认该服务商要求的是哪种密码（见其说明）。",
                AuditTextRenderer.Describe(entry, ViewerTimeZone.Unknown));
        using (new UiCultureScope("en-US"))
            Assert.Equal(entry.Details, AuditTextRenderer.Describe(entry, ViewerTimeZone.Unknown));
    }
}
