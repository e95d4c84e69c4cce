using Bunit;
using MudBlazor;
using SmtpPortal.Api;
using SmtpPortal.Components.Pages.ApiTokens;
using SmtpPortal.Data;
using SmtpPortal.History;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Components.Pages.ApiTokens;

public sealed class ApiTokensPageTests : PortalComponentContext
{
    private IRenderedComponent<ApiTokensPage> RenderPage()
    {
        Render<MudPopoverProvider>();
        var page = Render<ApiTokensPage>();
        page.WaitForElement("#token-name");
        return page;
    }

    private static void Create(IRenderedComponent<ApiTokensPage> page, string name)
    {
        page.Find("#token-name").Change(name);
        page.FindAll("button").Single(b => b.TextContent.Trim() == "Create token").Click();
    }

    [Fact]
    public async Task ACreatedTokenIsShownOnceAndOnlyItsHashIsKept()
    {
        var page = RenderPage();

        Create(page, "image build");

        var secret = page.WaitForElement(".token-secret input").GetAttribute("value")!;
        Assert.StartsWith(ApiTokenStore.TokenPrefix, secret);
        var stored = Assert.Single(await Get<ApiTokenStore>().ListAsync(Xunit.TestContext.Current.CancellationToken));
        Assert.Equal("image build", stored.Name);
        Assert.Equal(ApiTokenStore.Hash(secret), stored.TokenHash);
        Assert.Equal(ApiScopes.Read, stored.Scopes);
        Assert.Equal("admin", stored.CreatedBy);

        page.Find(".new-token .mud-alert-close button").Click();

        Assert.DoesNotContain(secret, page.Markup);
        Assert.Contains(stored.Prefix, page.Markup);
    }

    [Fact]
    public async Task ANamelessTokenIsRefusedNextToTheField()
    {
        var page = RenderPage();

        Create(page, "  ");

        Assert.Contains("Name the token", page.Markup);
        Assert.Empty(await Get<ApiTokenStore>().ListAsync(Xunit.TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ChosenScopesAreGrantedAndRevokingEndsTheToken()
    {
        var page = RenderPage();
        var scopes = page.FindComponents<MudCheckBox<bool>>();
        await page.InvokeAsync(() => scopes.Single(c => c.Markup.Contains("<code>write</code>")).Instance.ValueChanged.InvokeAsync(true));
        await page.InvokeAsync(() => scopes.Single(c => c.Markup.Contains("<code>read</code>")).Instance.ValueChanged.InvokeAsync(false));
        Create(page, "ci");
        var secret = page.WaitForElement(".token-secret input").GetAttribute("value")!;
        Assert.Equal(ApiScopes.Write, Assert.Single(await Get<ApiTokenStore>().ListAsync(Xunit.TestContext.Current.CancellationToken)).Scopes);

        page.Find("button[aria-label='Revoke ci']").Click();

        page.WaitForAssertion(() => Assert.Contains("revoked", page.Find("tbody").TextContent));
        var (token, problem) = await Get<ApiTokenStore>().AuthenticateAsync(secret, Xunit.TestContext.Current.CancellationToken);
        Assert.Null(token);
        Assert.Contains("revoked", problem);
    }

    [Fact]
    public async Task CreatingAndRevokingATokenAreRecordedByNameScopeAndExpiryButNeverTheToken()
    {
        var page = RenderPage();
        Create(page, "image build");
        var secret = page.WaitForElement(".token-secret input").GetAttribute("value")!;
        var stored = Assert.Single(await Get<ApiTokenStore>().ListAsync(Xunit.TestContext.Current.CancellationToken));
        page.Find(".new-token .mud-alert-close button").Click();

        page.Find("button[aria-label='Revoke image build']").Click();
        page.WaitForAssertion(() => Assert.Contains("revoked", page.Find("tbody").TextContent));

        var db = Get<Microsoft.EntityFrameworkCore.IDbContextFactory<PortalDbContext>>();
        var created = Assert.Single(await AuditTable.EntriesAsync(db, AuditAction.ApiTokenCreated));
        var revoked = Assert.Single(await AuditTable.EntriesAsync(db, AuditAction.ApiTokenRevoked));
        var expires = $"expires {stored.ExpiresAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC";
        foreach (var entry in new[] { created, revoked })
        {
            Assert.Equal("admin", entry.Actor);
            Assert.Equal($"image build (scopes: read; {expires})", entry.Details);
        }
        Assert.Equal("API token created", created.Action.Describe());
        var table = await AuditTable.RawTextAsync(db);
        Assert.DoesNotContain(secret[ApiTokenStore.TokenPrefix.Length..], table);
        Assert.DoesNotContain(stored.Prefix, table);
        Assert.DoesNotContain(stored.TokenHash, table);
    }
}
