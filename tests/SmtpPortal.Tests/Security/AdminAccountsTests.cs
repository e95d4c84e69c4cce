using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SmtpPortal.History;
using SmtpPortal.Security;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Security;

public sealed class AdminAccountsTests : IDisposable
{
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    private static readonly AuditActor Admin = new("admin", "198.51.100.7");

    private static async Task<AuditEntry> SingleEntryAsync(PortalFactory portal, AuditAction action) =>
        Assert.Single(await portal.Get<AuditLog>().FindAsync(new AuditFilter(action), TestContext.Current.CancellationToken));

    [Fact]
    public async Task AnAddedAdminCanSignInAndIsListed()
    {
        await using var portal = new PortalFactory(_data.Path);
        await portal.CreateAdminAsync();
        var accounts = portal.Get<AdminAccounts>();

        var added = await accounts.AddAsync(" second ", "second@example.test", "second admin's password", Admin);

        Assert.True(added.Succeeded);
        Assert.Equal(["admin", "second"], (await accounts.ListAsync(TestContext.Current.CancellationToken)).Select(a => a.UserName));
        using var browser = AdminBrowser.Open(portal);
        Assert.Equal("/", AdminBrowser.RedirectTarget(await browser.SignInAsync("second", "second admin's password")));
        var entry = await SingleEntryAsync(portal, AuditAction.AdminAdded);
        Assert.Equal(("admin", "198.51.100.7"), (entry.Actor, entry.RemoteAddress));
        Assert.Contains("second <second@example.test>", entry.Details);
        Assert.Equal("Admin added", entry.Action.Describe());
    }

    [Fact]
    public async Task AShortPasswordOrATakenEmailIsRefusedWithTheReason()
    {
        await using var portal = new PortalFactory(_data.Path);
        await portal.CreateAdminAsync();
        var accounts = portal.Get<AdminAccounts>();

        var shortPassword = await accounts.AddAsync("second", "second@example.test", "too short", Admin);
        var takenEmail = await accounts.AddAsync("third", "admin@example.test", "a long enough password", Admin);

        Assert.Contains(shortPassword.Errors, e => e.Description.Contains("at least 12 characters"));
        Assert.Contains(takenEmail.Errors, e => e.Code == nameof(IdentityErrorDescriber.DuplicateEmail));
        Assert.Single(await accounts.ListAsync(TestContext.Current.CancellationToken));
        Assert.Empty(await portal.Get<AuditLog>().FindAsync(new AuditFilter(AuditAction.AdminAdded), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task NoAdminCanRemoveThemselvesSoAtLeastOneAlwaysRemains()
    {
        await using var portal = new PortalFactory(_data.Path);
        var first = await portal.CreateAdminAsync();
        var second = await portal.CreateAdminAsync("second", "second@example.test");
        var accounts = portal.Get<AdminAccounts>();

        var self = await accounts.RemoveAsync(first.Id, first.Id, Admin);
        Assert.Contains("cannot remove yourself", Assert.Single(self.Errors).Description);

        Assert.True((await accounts.RemoveAsync(second.Id, first.Id, Admin)).Succeeded);
        // The removed admin's page was still open: their click must not remove the last admin.
        var fromStalePage = await accounts.RemoveAsync(first.Id, second.Id, Admin);
        Assert.Equal("At least one admin must remain.", Assert.Single(fromStalePage.Errors).Description);
        Assert.Single(await accounts.ListAsync(TestContext.Current.CancellationToken));
        Assert.Contains("Removed second <second@example.test>", (await SingleEntryAsync(portal, AuditAction.AdminRemoved)).Details);
    }

    [Fact]
    public async Task ChangingThePasswordNeedsTheCurrentOne()
    {
        await using var portal = new PortalFactory(_data.Path);
        var admin = await portal.CreateAdminAsync();
        var accounts = portal.Get<AdminAccounts>();

        var wrong = await accounts.ChangePasswordAsync(admin.Id, "not the password", "a brand new long password", Admin);
        var tooShort = await accounts.ChangePasswordAsync(admin.Id, AdminBrowser.Password, "short", Admin);

        Assert.Equal("The current password is not right.", Assert.Single(wrong.Errors).Description);
        Assert.False(tooShort.Succeeded);
        using var scope = portal.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
        Assert.True(await users.CheckPasswordAsync((await users.FindByIdAsync(admin.Id))!, AdminBrowser.Password));
        Assert.Empty(await portal.Get<AuditLog>().FindAsync(new AuditFilter(AuditAction.AdminPasswordChanged), TestContext.Current.CancellationToken));

        Assert.True((await accounts.ChangePasswordAsync(admin.Id, AdminBrowser.Password, "a brand new long password", Admin)).Succeeded);
        Assert.Equal("admin", (await SingleEntryAsync(portal, AuditAction.AdminPasswordChanged)).Actor);
    }
}
