using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using SmtpPortal.Components.Pages.Settings;
using SmtpPortal.Data;
using SmtpPortal.History;
using SmtpPortal.Settings;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Components.Pages.Settings;

/// <summary>The settings page's password panel and conflict alert, against a real SMTP server.</summary>
public sealed class CredentialPanelTests : PortalComponentContext, IAsyncLifetime
{
    // An upper bound for renders that wait on real SQLite and SMTP I/O on a busy machine, not a timing check.
    private static readonly TimeSpan RealIo = TimeSpan.FromSeconds(30);

    private const string NewPassword = "brand new secret";
    private LocalSmtpServer _server = default!;

    public ValueTask InitializeAsync()
    {
        _server = LocalSmtpServer.Plain();
        return ValueTask.CompletedTask;
    }

    public new async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await base.DisposeAsync();
    }

    private async Task<IRenderedComponent<SmtpSettingsPage>> RenderSavedPageAsync()
    {
        Assert.True((await Get<SmtpSettingsStore>().SaveAsync(LocalSettings.For(_server), null, Xunit.TestContext.Current.CancellationToken)).Succeeded);
        Render<MudPopoverProvider>();
        var page = Render<SmtpSettingsPage>();
        page.WaitForElement("#credential", RealIo);
        return page;
    }

    private static void TypeNewPassword(IRenderedComponent<SmtpSettingsPage> page, string value) =>
        page.FindComponents<MudTextField<string>>().Single(f => f.Instance.Label == "New password").Find("input").Change(value);

    [Fact]
    public async Task AFailedRotationShowsWhyAndTheSecretIsNeverRendered()
    {
        var page = await RenderSavedPageAsync();

        TypeNewPassword(page, "wrong new secret");
        page.Find("#rotate").Click();

        page.WaitForAssertion(() => Assert.Contains("current one stays active", page.Find("#rotate-result").TextContent), RealIo);
        Assert.DoesNotContain("wrong new secret", page.Markup);
        Assert.Empty(page.FindAll("#rollback"));
    }

    [Fact]
    public async Task ASuccessfulRotationOffersRollbackAndTheFormStillSavesWithoutAConflict()
    {
        var page = await RenderSavedPageAsync();
        _server.AcceptedPasswords[NewPassword] = true;

        TypeNewPassword(page, NewPassword);
        page.Find("#rotate").Click();
        page.WaitForAssertion(() => Assert.Contains("Password rotated", page.Find("#rotate-result").TextContent), RealIo);
        Assert.NotEmpty(page.FindAll("#rollback"));
        Assert.DoesNotContain(NewPassword, page.Markup);

        page.Find("#save").Click();

        page.WaitForAssertion(() => Assert.Equal(3, Get<SmtpSettingsStore>().GetAsync().Result!.Revision), RealIo);
        Assert.Empty(page.FindAll("#conflict"));
    }

    [Fact]
    public async Task ASaveAfterSomeoneElseChangedTheSettingsShowsWhatTheyChanged()
    {
        var page = await RenderSavedPageAsync();
        var theirs = LocalSettings.For(_server, password: null);
        theirs.FromName = "Their name";
        var revision = (await Get<SmtpSettingsStore>().GetAsync(Xunit.TestContext.Current.CancellationToken))!.Revision;
        await Get<SmtpSettingsStore>().SaveAsync(theirs, revision, new AuditActor("bob", "198.51.100.2"), Xunit.TestContext.Current.CancellationToken);

        page.Find("#save").Click();

        page.WaitForAssertion(() => Assert.Contains("bob: From name: Portal → Their name", page.Find("#conflict").TextContent), RealIo);
    }

    [Fact]
    public async Task AStoredPasswordThatDoesNotDecryptAsksForItAgain()
    {
        await Get<SmtpSettingsStore>().SaveAsync(LocalSettings.For(_server), null, Xunit.TestContext.Current.CancellationToken);
        await using (var db = await Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Xunit.TestContext.Current.CancellationToken))
            await db.SmtpSettings.ExecuteUpdateAsync(s => s.SetProperty(x => x.ProtectedPassword, "CfDJ8-made-with-another-key-ring"),
                Xunit.TestContext.Current.CancellationToken);

        Render<MudPopoverProvider>();
        var page = Render<SmtpSettingsPage>();

        page.WaitForAssertion(() => Assert.Contains("enter it again", page.Find("#password-unreadable").TextContent), RealIo);
    }
}
