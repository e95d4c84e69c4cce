using Bunit;
using Microsoft.EntityFrameworkCore;
using SmtpPortal.Components.Pages.Dashboard;
using SmtpPortal.Data;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Components.Pages.Dashboard;

public sealed class DashboardTests : PortalComponentContext
{
    // An upper bound for renders that wait on real SQLite and SMTP I/O on a busy machine, not a timing check.
    private static readonly TimeSpan RealIo = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private async Task SaveWithPasswordSetDaysAgoAsync(int days)
    {
        var input = new SmtpSettingsInput
        {
            Host = "smtp.example.com", Port = 587, Security = SecurityMode.StartTls, Username = "mailer",
            Password = "secret", FromAddress = "server@example.com",
        };
        Assert.True((await Get<SmtpSettingsStore>().SaveAsync(input, null, Ct)).Succeeded);
        var setAt = DateTimeOffset.UtcNow.AddDays(-days).AddHours(-1);
        await using var db = await Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        await db.SmtpSettings.ExecuteUpdateAsync(s => s.SetProperty(x => x.PasswordSetAt, setAt), Ct);
    }

    [Fact]
    public async Task APasswordOlderThanTheConfiguredAgeIsHighlighted()
    {
        await SaveWithPasswordSetDaysAgoAsync(200);

        var page = Render<SmtpPortal.Components.Pages.Dashboard.Dashboard>();

        page.WaitForAssertion(() => Assert.Contains("older than 180 days", page.Find("#password-old").TextContent), RealIo);
        Assert.Contains("200 days ago", page.Find("#password-age").TextContent);
        Assert.Contains("none yet", page.Find("#last-success").TextContent);
    }

    [Fact]
    public async Task AYoungPasswordIsNotHighlightedAndTheLastSuccessfulSendIsShown()
    {
        await SaveWithPasswordSetDaysAgoAsync(3);
        await using var db = await Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        db.TestRuns.Add(new TestRun { StartedAt = new DateTimeOffset(2026, 11, 20, 8, 30, 0, TimeSpan.Zero), Succeeded = true });
        db.TestRuns.Add(new TestRun { StartedAt = new DateTimeOffset(2026, 11, 21, 8, 30, 0, TimeSpan.Zero), Succeeded = false });
        await db.SaveChangesAsync(Ct);

        var page = Render<SmtpPortal.Components.Pages.Dashboard.Dashboard>();

        page.WaitForAssertion(() => Assert.Contains("3 days ago", page.Find("#password-age").TextContent), RealIo);
        Assert.Empty(page.FindAll("#password-old"));
        Assert.Contains(new DateTimeOffset(2026, 11, 20, 8, 30, 0, TimeSpan.Zero).ToLocalTime().ToString("yyyy-MM-dd HH:mm"),
            page.Find("#last-success").TextContent);
    }

    [Fact]
    public async Task TheLastScheduledCheckAndTheFailingAlertsAreShown()
    {
        await SaveWithPasswordSetDaysAgoAsync(3);
        await using (var db = await Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct))
        {
            db.TestRuns.Add(new TestRun
            {
                StartedAt = new DateTimeOffset(2026, 12, 1, 3, 0, 0, TimeSpan.Zero), Kind = TestRunKind.Check, Succeeded = false,
                AdminName = SmtpPortal.Alerts.ScheduledCheck.ActorName, Summary = "The server rejected the username or password.",
                Category = SmtpPortal.Smtp.SmtpFailureCategory.AuthenticationFailed,
            });
            // An admin's own check is not the scheduled one.
            db.TestRuns.Add(new TestRun { StartedAt = new DateTimeOffset(2026, 12, 2, 3, 0, 0, TimeSpan.Zero), Kind = TestRunKind.Check, Succeeded = true, AdminName = "admin" });
            await db.SaveChangesAsync(Ct);
        }
        await Get<SmtpPortal.Alerts.AlertService>().ReportAsync(SmtpPortal.Alerts.ScheduledCheck.CheckFailed, true, L => "x", Ct);

        var page = Render<SmtpPortal.Components.Pages.Dashboard.Dashboard>();

        page.WaitForAssertion(() => Assert.Contains("Failed: The server rejected the username or password.", page.Find("#scheduled-check").TextContent), RealIo);
        Assert.Contains(new DateTimeOffset(2026, 12, 1, 3, 0, 0, TimeSpan.Zero).ToLocalTime().ToString("yyyy-MM-dd HH:mm"), page.Find("#scheduled-check").TextContent);
        Assert.Equal("1 alert condition(s) failing: see Alerts.", page.Find("#failing-alerts").TextContent.Trim());

        // A Chinese reader reads the same run's diagnosis in Chinese, not the words it was stored with.
        using var chinese = new UiCultureScope("zh-CN");
        var zh = Render<SmtpPortal.Components.Pages.Dashboard.Dashboard>();
        zh.WaitForAssertion(() => Assert.Equal("失败：" + ChineseAuthFailed, zh.Find("#last-scheduled-summary").TextContent.Trim()), RealIo);
    }

    /// <summary>DiagnosisText's Chinese words for a refused login, as the settings page shows them.</summary>
    private const string ChineseAuthFailed = "服务器拒绝了用户名或密码。";

    [Fact]
    public async Task BeforeAnyScheduledCheckTheDashboardSaysSoInChinese()
    {
        await SaveWithPasswordSetDaysAgoAsync(3);
        using var _ = new UiCultureScope("zh-CN");

        var page = Render<SmtpPortal.Components.Pages.Dashboard.Dashboard>();

        page.WaitForAssertion(() => Assert.Contains("定时检查还没有运行过。", page.Find("#scheduled-check").TextContent), RealIo);
        Assert.Contains("上次定时检查", page.Find("#scheduled-check").TextContent);
    }

    [Fact]
    public async Task TheNewestResultIsARotationsSuccessfulLoginAfterAFailedTest()
    {
        await using var server = LocalSmtpServer.Plain();
        var saved = (await Get<SmtpSettingsStore>().SaveAsync(LocalSettings.For(server), null, Ct)).Settings!;
        var admin = Requester.Admin(new SmtpPortal.History.AuditActor("admin", null));
        // The provider revoked the password: the test fails; the admin rotates to a new one.
        server.AcceptedPasswords.Clear();
        Assert.False((await Get<TestEmailService>().SendAsync("someone@example.test", admin, null, Ct)).Succeeded);
        server.AcceptedPasswords["the new one"] = true;
        Assert.True((await Get<CredentialRotation>().RotateAsync("the new one", saved.Revision, null, admin, Ct)).Succeeded);

        var page = Render<SmtpPortal.Components.Pages.Dashboard.Dashboard>();

        page.WaitForAssertion(() => Assert.Contains("Connection works", page.Find("#newest-result-summary").TextContent), RealIo);
        Assert.Contains("password tested before rotation", page.Find("#newest-result-line").TextContent);
        Assert.Contains("mud-alert-text-success", page.Find("#newest-result-summary").ClassName);
    }

    [Fact]
    public async Task AnOAuthSignInIsShownWithItsAgeInsteadOfPasswordNotSet()
    {
        await OAuthTestBed.PlantOutlookSignInAsync(Get<SmtpPortal.OAuth.OAuthGrantStore>(), Get<SmtpSettingsStore>(), Get<SmtpPortal.Providers.ProviderCatalog>());

        var page = Render<SmtpPortal.Components.Pages.Dashboard.Dashboard>();

        page.WaitForAssertion(() => Assert.Contains("Microsoft (OAuth2) as me@outlook.com, signed in today", page.Find("#password-age").TextContent), RealIo);
        Assert.DoesNotContain("not set", page.Markup);
    }

    [Fact]
    public async Task WithoutAFallbackTheProviderInUseLineSaysSoAndLinksToTheFallbackPage()
    {
        await SaveWithPasswordSetDaysAgoAsync(3);

        var page = Render<SmtpPortal.Components.Pages.Dashboard.Dashboard>();

        page.WaitForAssertion(() => Assert.StartsWith("No fallback provider is set", page.Find("#provider-in-use").TextContent.Trim()), RealIo);
        Assert.Equal("fallback", page.Find("#set-up-fallback").GetAttribute("href"));
    }

    [Fact]
    public async Task TheProviderInUseLineNamesTheFallbackSinceWhenAndWhyInTheViewersZoneAndLanguage()
    {
        await SaveWithPasswordSetDaysAgoAsync(3);
        var store = Get<SmtpPortal.Fallback.FallbackProviderStore>();
        var admin = new SmtpPortal.History.AuditActor("admin", null);
        Assert.True((await store.SaveAsync(new SmtpPortal.Fallback.FallbackInput
        {
            PresetId = "163", Host = "smtp.163.com", Port = 465, Security = SecurityMode.SslOnConnect, Username = "backup@163.com",
            Password = "ABCDEFGHIJKLMNOP", FromAddress = "backup@163.com", SwitchAfterMinutes = 10,
        }, admin, Ct)).Succeeded);

        var standby = Render<SmtpPortal.Components.Pages.Dashboard.Dashboard>();
        standby.WaitForAssertion(() => Assert.Equal("The main provider (smtp.example.com:587) carries the mail. Fallback on standby: smtp.163.com:465.",
            standby.Find("#provider-in-use").TextContent.Trim()), RealIo);

        var since = new DateTimeOffset(2026, 11, 28, 2, 5, 0, TimeSpan.Zero);
        await store.SetInUseAsync(since, SmtpPortal.Smtp.SendOutcome.Failed(SmtpPortal.Smtp.SmtpFailureCategory.AuthenticationFailed) with { Summary = "The server rejected the username or password." }, SmtpPortal.History.AuditEntry.Of(
            SmtpPortal.History.AuditAction.SwitchedToFallback, SmtpPortal.Fallback.ProviderFailover.Actor, since, "test"), Ct);
        using var chinese = new UiCultureScope("zh-CN");
        var switched = Render<SmtpPortal.Components.Pages.Dashboard.Dashboard>(p =>
            p.AddCascadingValue(SmtpPortal.Localization.ViewerTimeZone.FromName("Asia/Shanghai")));

        switched.WaitForAssertion(() => Assert.Equal(
            "自 2026-11-28 10:05 UTC+8 起由备用服务商（smtp.163.com:465）发信，因为主服务商故障：服务器拒绝登录（密码或授权码错误、已过期或已被撤销）。",
            switched.Find("#provider-in-use").TextContent.Trim()), RealIo);
        Assert.Contains("当前发信服务商", switched.Find("dl.facts").TextContent);
    }
}
