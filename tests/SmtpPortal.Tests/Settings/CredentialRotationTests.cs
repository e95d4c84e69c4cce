using Microsoft.EntityFrameworkCore;
using SmtpPortal.Data;
using SmtpPortal.History;
using SmtpPortal.Security;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Settings;

/// <summary>Rotation and rollback against a real SMTP server that checks the login.</summary>
public sealed class CredentialRotationTests : IAsyncLifetime
{
    private const string NewPassword = "new “rotated” secret 🔑";
    private static readonly AuditActor Admin = new("admin", "192.0.2.7");
    private readonly TempFolder _data = new();
    private LocalSmtpServer _server = default!;
    private PortalFactory _portal = default!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _server = LocalSmtpServer.Plain();
        _portal = new PortalFactory(_data.Path);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _portal.DisposeAsync();
        await _server.DisposeAsync();
        _data.Dispose();
    }

    private SmtpSettingsStore Store => _portal.Get<SmtpSettingsStore>();
    private CredentialRotation Rotation => _portal.Get<CredentialRotation>();

    private async Task<SmtpSettings> SaveAsync(string password = LocalSmtpServer.Password)
    {
        var saved = await Store.SaveAsync(LocalSettings.For(_server, password), null, Admin, Ct);
        Assert.True(saved.Succeeded);
        return saved.Settings!;
    }

    private async Task<string?> StoredPasswordAsync() => (await _portal.Get<SmtpConnections>().ForStoredSettingsAsync(Ct)).Connection?.Password;

    [Fact]
    public async Task ARotationWhoseLoginFailsKeepsTheOldPasswordActiveAndSaysWhy()
    {
        var saved = await SaveAsync();

        var result = await Rotation.RotateAsync("not accepted", saved.Revision, null, Requester.Admin(Admin), Ct);

        Assert.False(result.Succeeded);
        Assert.Equal(CredentialProblem.CheckFailed, result.Problem);
        Assert.Equal(SmtpFailureCategory.AuthenticationFailed, result.Check!.Diagnosis.Category);
        Assert.Equal(LocalSmtpServer.Password, await StoredPasswordAsync());
        var after = await Store.GetAsync(Ct);
        Assert.Equal(saved.Revision, after!.Revision);
        Assert.False(after.CanRollBack);
        Assert.Empty(_server.Messages);
    }

    [Fact]
    public async Task ARotatedPasswordIsKeptExactlyOrRefusedNeverTrimmed()
    {
        var saved = await SaveAsync();
        _server.AcceptedPasswords[$" {NewPassword} "] = true;

        var pasted = await Rotation.RotateAsync($"{NewPassword}\n", saved.Revision, null, Requester.Admin(Admin), Ct);
        Assert.Equal(CredentialProblem.PasswordRefused, pasted.Problem);
        Assert.Equal("Line breaks are not allowed here.", pasted.Detail);
        Assert.Empty(_server.Logins);

        var spaced = await Rotation.RotateAsync($" {NewPassword} ", saved.Revision, null, Requester.Admin(Admin), Ct);
        Assert.True(spaced.Succeeded, spaced.Problem.ToString());
        Assert.Equal($" {NewPassword} ", await StoredPasswordAsync());
    }

    [Fact]
    public async Task RotatingPasswordKeepsOldOneUntilTheNextRotationThenDestroysIt()
    {
        var saved = await SaveAsync();
        _server.AcceptedPasswords[NewPassword] = true;

        var rotated = await Rotation.RotateAsync(NewPassword, saved.Revision, null, Requester.Admin(Admin), Ct);

        Assert.True(rotated.Succeeded, rotated.Problem.ToString());
        Assert.Equal(NewPassword, await StoredPasswordAsync());
        Assert.Equal(NewPassword, Assert.Single(_server.Logins).Password);
        var secrets = _portal.Get<SecretProtector>();
        Assert.Equal(LocalSmtpServer.Password, secrets.TryUnprotect(rotated.Settings!.PreviousProtectedPassword!));
        Assert.Equal(saved.PasswordSetAt, rotated.Settings.PreviousPasswordSetAt);

        _server.AcceptedPasswords["third"] = true;
        var again = await Rotation.RotateAsync("third", rotated.Settings.Revision, null, Requester.Admin(Admin), Ct);

        Assert.True(again.Succeeded, again.Problem.ToString());
        var row = await Store.GetAsync(Ct);
        Assert.Equal(NewPassword, secrets.TryUnprotect(row!.PreviousProtectedPassword!));
        Assert.DoesNotContain(LocalSmtpServer.Password,
            new[] { row.ProtectedPassword, row.PreviousProtectedPassword }.Select(c => secrets.TryUnprotect(c!)));
    }

    [Fact]
    public async Task ARotationCanAlsoDemandATestEmailWithTheNewPasswordBeforeStoringIt()
    {
        var saved = await SaveAsync();
        _server.AcceptedPasswords[NewPassword] = true;

        var badRecipient = await Rotation.RotateAsync(NewPassword, saved.Revision, "not an address", Requester.Admin(Admin), Ct);
        var rotated = await Rotation.RotateAsync(NewPassword, saved.Revision, "admin@example.test", Requester.Admin(Admin), Ct);

        Assert.Equal(CredentialProblem.BadRecipient, badRecipient.Problem);
        Assert.True(rotated.Succeeded, rotated.Problem.ToString());
        var arrived = Assert.Single(_server.Messages);
        Assert.Equal("admin@example.test", arrived.To.Mailboxes.Single().Address);
        Assert.Equal(NewPassword, Assert.Single(_server.Logins).Password);
        Assert.Equal(NewPassword, await StoredPasswordAsync());
    }

    [Fact]
    public async Task RollbackRestoresThePreviousPasswordOnlyAfterItLogsIn()
    {
        var saved = await SaveAsync();
        _server.AcceptedPasswords[NewPassword] = true;
        var rotated = await Rotation.RotateAsync(NewPassword, saved.Revision, null, Requester.Admin(Admin), Ct);

        _server.AcceptedPasswords.TryRemove(LocalSmtpServer.Password, out _);
        var refused = await Rotation.RollBackAsync(rotated.Settings!.Revision, Requester.Admin(Admin), Ct);
        Assert.False(refused.Succeeded);
        Assert.Equal(CredentialProblem.CheckFailed, refused.Problem);
        Assert.Equal(NewPassword, await StoredPasswordAsync());

        _server.AcceptedPasswords[LocalSmtpServer.Password] = true;
        var rolledBack = await Rotation.RollBackAsync(rotated.Settings.Revision, Requester.Admin(Admin), Ct);

        Assert.True(rolledBack.Succeeded, rolledBack.Problem.ToString());
        Assert.Equal(LocalSmtpServer.Password, await StoredPasswordAsync());
        Assert.Equal(saved.PasswordSetAt, rolledBack.Settings!.PasswordSetAt);
        Assert.False(rolledBack.Settings.CanRollBack);
    }

    [Fact]
    public async Task ARotationBasedOnStaleSettingsIsRefusedWithoutLoggingIn()
    {
        var saved = await SaveAsync();
        var edited = LocalSettings.For(_server, password: null);
        edited.FromName = "Changed meanwhile";
        Assert.True((await Store.SaveAsync(edited, saved.Revision, Admin, Ct)).Succeeded);

        var result = await Rotation.RotateAsync(NewPassword, saved.Revision, null, Requester.Admin(Admin), Ct);

        Assert.True(result.IsConflict);
        Assert.Empty(_server.Logins);
    }

    [Fact]
    public async Task ANewDestinationDropsTheRollbackPasswordSoItNeverReachesTheNewServer()
    {
        var saved = await SaveAsync();
        _server.AcceptedPasswords[NewPassword] = true;
        var rotated = await Rotation.RotateAsync(NewPassword, saved.Revision, null, Requester.Admin(Admin), Ct);
        await using var other = LocalSmtpServer.Plain();

        var moved = await Store.SaveAsync(LocalSettings.For(other), rotated.Settings!.Revision, Admin, Ct);

        Assert.True(moved.Succeeded);
        Assert.False(moved.Settings!.CanRollBack);
        var rollback = await Rotation.RollBackAsync(moved.Settings.Revision, Requester.Admin(Admin), Ct);
        Assert.False(rollback.Succeeded);
        Assert.Empty(other.Logins);
    }

    [Fact]
    public async Task ATestAfterARefusedDestinationChangeGoesToTheSavedServerOnly()
    {
        var saved = await SaveAsync();
        await using var other = LocalSmtpServer.Plain();

        var moved = await Store.SaveAsync(LocalSettings.For(other, password: null), saved.Revision, Admin, Ct);
        var test = await _portal.Get<TestEmailService>().SendAsync("someone@example.test", Requester.Admin(Admin), null, Ct);

        Assert.False(moved.Succeeded);
        Assert.True(test.Succeeded, test.Diagnosis.Category.ToString());
        Assert.Empty(other.Logins);
        Assert.Single(_server.Messages);
    }

    [Fact]
    public async Task TheDashboardsNewestResultIsTheRotationsLoginCheck()
    {
        var saved = await SaveAsync();
        var failed = await _portal.Get<TestEmailService>().SendAsync("someone@example.test", Requester.Admin(Admin), null, Ct);
        _server.AcceptedPasswords.Clear();
        _server.AcceptedPasswords[NewPassword] = true;
        Assert.False((await _portal.Get<TestEmailService>().CheckAsync(Requester.Admin(Admin), null, Ct)).Succeeded);

        var rotated = await Rotation.RotateAsync(NewPassword, saved.Revision, null, Requester.Admin(Admin), Ct);

        Assert.True(failed.Succeeded);
        Assert.True(rotated.Succeeded);
        var newest = (await _portal.Get<TestEmailService>().GetLatestAsync(Ct))!;
        Assert.Equal(TestRunKind.Rotation, newest.Kind);
        Assert.True(newest.Succeeded);
    }

    [Fact]
    public async Task EveryRotationAttemptIsInTheHistoryWithoutTheSecret()
    {
        var saved = await SaveAsync();
        await Rotation.RotateAsync("refused secret", saved.Revision, null, Requester.Admin(Admin), Ct);
        _server.AcceptedPasswords[NewPassword] = true;
        await Rotation.RotateAsync(NewPassword, saved.Revision, null, Requester.Admin(Admin), Ct);

        var entries = await _portal.Get<AuditLog>().FindAsync(new AuditFilter(), Ct);

        Assert.Equal([AuditAction.PasswordRotated, AuditAction.RotationRefused, AuditAction.SettingsSaved],
            entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal(("admin", "192.0.2.7"), (e.Actor, e.RemoteAddress)));
        Assert.Contains("password changed", entries[0].Details);
        Assert.Contains("new password not stored: The server rejected the username or password.", entries[1].Details);
        await using var db = await _portal.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        var everything = string.Join("\n", await db.AuditEntries.Select(e => e.Details + e.Fields).ToListAsync(Ct));
        Assert.DoesNotContain(NewPassword, everything);
        Assert.DoesNotContain("refused secret", everything);
        Assert.DoesNotContain(LocalSmtpServer.Password, everything);
    }
}
