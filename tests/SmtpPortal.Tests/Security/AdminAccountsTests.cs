using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SmtpPortal.Security;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Security;

public sealed class AdminAccountsTests : IDisposable
{
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task AnAddedAdminCanSignInAndIsListed()
    {
        await using var portal = new PortalFactory(_data.Path);
        await portal.CreateAdminAsync();
        var accounts = portal.Get<AdminAccounts>();

        var added = await accounts.AddAsync(" second ", "second@example.test", "second admin's password");

        Assert.True(added.Succeeded);
        Assert.Equal(["admin", "second"], (await accounts.ListAsync(TestContext.Current.CancellationToken)).Select(a => a.UserName));
        using var browser = AdminBrowser.Open(portal);
        Assert.Equal("/", AdminBrowser.RedirectTarget(await browser.SignInAsync("second", "second admin's password")));
    }

    [Fact]
    public async Task AShortPasswordOrATakenEmailIsRefusedWithTheReason()
    {
        await using var portal = new PortalFactory(_data.Path);
        await portal.CreateAdminAsync();
        var accounts = portal.Get<AdminAccounts>();

        var shortPassword = await accounts.AddAsync("second", "second@example.test", "too short");
        var takenEmail = await accounts.AddAsync("third", "admin@example.test", "a long enough password");

        Assert.Contains(shortPassword.Errors, e => e.Description.Contains("at least 12 characters"));
        Assert.Contains(takenEmail.Errors, e => e.Code == nameof(IdentityErrorDescriber.DuplicateEmail));
        Assert.Single(await accounts.ListAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task NoAdminCanRemoveThemselvesSoAtLeastOneAlwaysRemains()
    {
        await using var portal = new PortalFactory(_data.Path);
        var first = await portal.CreateAdminAsync();
        var second = await portal.CreateAdminAsync("second", "second@example.test");
        var accounts = portal.Get<AdminAccounts>();

        var self = await accounts.RemoveAsync(first.Id, first.Id);
        Assert.Contains("cannot remove yourself", Assert.Single(self.Errors).Description);

        Assert.True((await accounts.RemoveAsync(second.Id, first.Id)).Succeeded);
        // The removed admin's page was still open: their click must not remove the last admin.
        var fromStalePage = await accounts.RemoveAsync(first.Id, second.Id);
        Assert.Equal("At least one admin must remain.", Assert.Single(fromStalePage.Errors).Description);
        Assert.Single(await accounts.ListAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ChangingThePasswordNeedsTheCurrentOne()
    {
        await using var portal = new PortalFactory(_data.Path);
        var admin = await portal.CreateAdminAsync();
        var accounts = portal.Get<AdminAccounts>();

        var wrong = await accounts.ChangePasswordAsync(admin.Id, "not the password", "a brand new long password");
        var tooShort = await accounts.ChangePasswordAsync(admin.Id, AdminBrowser.Password, "short");

        Assert.Equal("The current password is not right.", Assert.Single(wrong.Errors).Description);
        Assert.False(tooShort.Succeeded);
        using var scope = portal.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
        Assert.True(await users.CheckPasswordAsync((await users.FindByIdAsync(admin.Id))!, AdminBrowser.Password));
    }
}
