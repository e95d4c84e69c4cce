using Bunit;
using MudBlazor;
using SmtpPortal.Components.Pages.Relay;
using SmtpPortal.Export;
using SmtpPortal.Relay;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Components.Pages.Relay;

public sealed class RelayPageTests : PortalComponentContext
{
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private IRenderedComponent<RelayPage> RenderPage()
    {
        Render<MudPopoverProvider>();
        var page = Render<RelayPage>();
        page.WaitForElement("#relay-app-name");
        return page;
    }

    private static void Create(IRenderedComponent<RelayPage> page, string name, string senders)
    {
        page.Find("#relay-app-name").Change(name);
        page.Find("#relay-app-senders").Input(senders);
        page.Find("#relay-app-create").Click();
    }

    [Fact]
    public async Task ANewLoginShowsItsSecretOnceWithTheSettingsForTheAppAndOnlyItsHashIsKept()
    {
        var page = RenderPage();

        Create(page, "WordPress", "blog@example.com");

        var secret = page.WaitForElement("#new-relay-login .relay-secret").TextContent.Trim();
        var stored = Assert.Single(await Get<RelayAppStore>().ListAsync(Ct));
        Assert.Equal(RelayAppStore.SecretLength, secret.Length);
        Assert.Equal(RelayAppStore.Hash(secret), stored.SecretHash);
        Assert.Equal("wordpress", stored.UserName);
        Assert.Equal("admin", stored.CreatedBy);
        var env = SmtpPortal.Tests.Export.ExportParsers.SourceEnv(page.Find("#new-relay-login pre[data-format=env]").TextContent);
        Assert.Equal(secret, env["SMTP_PASSWORD"]);
        Assert.Equal("wordpress", env["SMTP_USERNAME"]);
        Assert.Equal("blog@example.com", env["SMTP_FROM"]);
        Assert.Equal("127.0.0.1", env["SMTP_HOST"]);
        Assert.Equal("none", env["SMTP_SECURITY"]);

        page.Find("#new-relay-login .mud-alert-close button").Click();

        Assert.DoesNotContain(secret, page.Markup);
        Assert.Contains("wordpress", page.Find("#relay-apps").TextContent);
    }

    [Fact]
    public async Task AnInvalidSenderIsRefusedNextToTheFieldInTheAdminsLanguage()
    {
        using var _ = new UiCultureScope("zh-CN");
        var page = RenderPage();

        Create(page, "Gitea", "@not_a_domain");

        Assert.Contains("“@not_a_domain”不是有效的域名。域名请写成 @example.com。", page.Markup);
        Assert.Empty(await Get<RelayAppStore>().ListAsync(Ct));
    }

    [Fact]
    public async Task ASenderTheProviderWillRefuseIsWarnedAboutAsItIsTyped()
    {
        var saved = await Get<SmtpSettingsStore>().SaveAsync(new SmtpSettingsInput
        {
            PresetId = "qq", Host = "smtp.qq.com", Port = 465, Security = SecurityMode.SslOnConnect,
            Username = "12345@qq.com", Password = "abcdefghijklmnop", FromAddress = "12345@qq.com",
        }, null, Ct);
        Assert.True(saved.Succeeded);
        var page = RenderPage();
        Assert.Empty(page.FindAll(".sender-warning"));

        page.Find("#relay-app-senders").Input("12345@qq.com\nnoreply@example.com");

        var warning = page.WaitForElement(".sender-warning").TextContent;
        Assert.Contains("QQ Mail sends only as the account's own address (12345@qq.com)", warning);
        Assert.Contains("mail from noreply@example.com may be refused", warning);
    }

    [Fact]
    public async Task TheSwitchTurnsTheRelayOnAndOffAtOnceWithAHistoryEntry()
    {
        var page = RenderPage();

        page.FindAll("#relay-status input[type=checkbox]")[0].Change(true);

        page.WaitForAssertion(() => Assert.Contains("127.0.0.1:", page.Find("#relay-listening").TextContent));
        Assert.True((await Get<RelayStateStore>().GetAsync(Ct)).Enabled);
        Assert.NotEmpty(Get<RelayRuntime>().Current.Listening);
        page.FindAll("#relay-status input[type=checkbox]")[0].Change(false);
        page.WaitForAssertion(() => Assert.Empty(Get<RelayRuntime>().Current.Listening));
        var history = await Get<SmtpPortal.History.AuditLog>().FindAsync(new(), Ct);
        Assert.Contains(history, e => e.Action == SmtpPortal.History.AuditAction.RelayTurnedOn && e.Actor == "admin");
        Assert.Contains(history, e => e.Action == SmtpPortal.History.AuditAction.RelayTurnedOff);
    }

    [Fact]
    public async Task RevokingAsksFirstAndEndsTheLogin()
    {
        await Get<RelayAppStore>().CreateAsync("Nextcloud", "cloud@example.com", new("admin", null), Ct);
        var dialogs = Render<MudDialogProvider>();
        var page = RenderPage();

        page.FindAll("button").Single(b => b.GetAttribute("aria-label") == "Revoke the login of Nextcloud").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Revoke the login of Nextcloud?", dialogs.Markup));
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Revoke").Click();

        page.WaitForAssertion(() => Assert.Contains("revoked", page.Find("#relay-apps").TextContent));
        Assert.False(Assert.Single(await Get<RelayAppStore>().ListAsync(Ct)).IsActive);
        Assert.Contains("Nextcloud", Assert.Single(await Get<SmtpPortal.History.AuditLog>().FindAsync(new(SmtpPortal.History.AuditAction.RelayAppRevoked), Ct)).Details);
    }

    [Fact]
    public void TheCertificatesFingerprintIsShownAsOpensslPrintsIt()
    {
        var page = RenderPage();

        var fingerprint = page.Find("#relay-fingerprint").TextContent;

        Assert.Matches("^([0-9A-F]{2}:){31}[0-9A-F]{2}$", fingerprint);
        Assert.Equal(Get<RelayCertificate>().Sha256Fingerprint, fingerprint);
    }
}
