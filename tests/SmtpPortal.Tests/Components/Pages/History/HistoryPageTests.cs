using Bunit;
using MudBlazor;
using SmtpPortal.Components.Pages.History;
using SmtpPortal.History;
using SmtpPortal.Localization;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Components.Pages.History;

public sealed class HistoryPageTests : PortalComponentContext
{
    // An upper bound for renders that wait on real SQLite and SMTP I/O on a busy machine, not a timing check.
    private static readonly TimeSpan RealIo = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ShowsWhoWhereAndWhatNewestFirstAndFiltersByText()
    {
        var store = Get<SmtpSettingsStore>();
        var input = new SmtpSettingsInput
        {
            Host = "smtp.example.com", Port = 587, Security = SecurityMode.StartTls, Username = "mailer",
            Password = "the secret", FromAddress = "server@example.com",
        };
        var first = await store.SaveAsync(input, null, new AuditActor("alice", "192.0.2.1"), Xunit.TestContext.Current.CancellationToken);
        input.Password = "another secret";
        await store.SaveAsync(input, first.Settings!.Revision, new AuditActor("bob", "198.51.100.2"), Xunit.TestContext.Current.CancellationToken);
        Render<MudPopoverProvider>();

        var page = Render<HistoryPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("#history tbody tr").Count), RealIo);
        var rows = page.FindAll("#history tbody tr");
        Assert.Contains("bob", rows[0].TextContent);
        Assert.Contains("198.51.100.2", rows[0].TextContent);
        Assert.Contains("password changed", rows[0].TextContent);
        Assert.Contains("alice", rows[1].TextContent);
        Assert.DoesNotContain("secret", page.Markup);
        Assert.Empty(page.FindAll("#history button"));

        page.FindComponents<MudTextField<string>>().Single(f => f.Instance.Label == "Who, address or field").Find("input").Change("alice");

        page.WaitForAssertion(() => Assert.Single(page.FindAll("#history tbody tr")), RealIo);
    }

    [Fact]
    public async Task AChineseAdminReadsEntriesInChineseWithTimesInTheBrowsersZone()
    {
        using var chinese = new UiCultureScope("zh-CN");
        var input = new SmtpSettingsInput
        {
            PresetId = "qq", Host = "smtp.qq.com", Port = 465, Security = SecurityMode.SslOnConnect, Username = "me@qq.com",
            Password = "abcdefghijklmnop", FromAddress = "me@qq.com",
        };
        var saved = await Get<SmtpSettingsStore>().SaveAsync(input, null, new AuditActor("alice", "192.0.2.1"), Xunit.TestContext.Current.CancellationToken);
        var shanghai = ViewerTimeZone.FromName("Asia/Shanghai");
        Render<MudPopoverProvider>();

        var page = Render<HistoryPage>(p => p.AddCascadingValue(shanghai));

        page.WaitForAssertion(() => Assert.Single(page.FindAll("#history tbody tr")), RealIo);
        var row = page.Find("#history tbody tr").TextContent;
        Assert.Contains(shanghai.FormatPreciseWithZone(saved.Settings!.UpdatedAt), row);
        Assert.Contains("UTC+8", row);
        Assert.Contains("设置已保存", row);
        Assert.Contains("服务商：（空） → QQ Mail", row);
        Assert.Contains("加密方式：（空） → SSL/TLS（直连加密）", row);
        Assert.Contains("密码已更改", row);
        Assert.Contains("时区显示（UTC+8）", page.Find("#history-zone").TextContent);
    }
}
