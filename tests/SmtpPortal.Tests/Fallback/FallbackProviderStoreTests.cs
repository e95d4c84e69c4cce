using SmtpPortal.Fallback;
using SmtpPortal.History;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;
using SmtpPortal.Tests.Alerts;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Fallback;

/// <summary>The fallback's rules, whoever saves it: the page, the API and the command line all call this store.</summary>
public sealed class FallbackProviderStoreTests : IAsyncLifetime
{
    private static readonly AuditActor Admin = new("admin", "192.0.2.4");
    private readonly TempFolder _data = new();
    private PortalFactory _portal = default!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private FallbackProviderStore Store => _portal.Get<FallbackProviderStore>();

    public async ValueTask InitializeAsync()
    {
        _portal = new PortalFactory(_data.Path);
        var main = new SmtpSettingsInput
        {
            Host = "smtp.main.example", Port = 587, Security = SecurityMode.StartTls, Username = "mail@example.test",
            Password = "main-password", FromAddress = "mail@example.test",
        };
        Assert.True((await _portal.Get<SmtpSettingsStore>().SaveAsync(main, null, Admin, Ct)).Succeeded);
    }

    public async ValueTask DisposeAsync()
    {
        await _portal.DisposeAsync();
        _data.Dispose();
    }

    private static FallbackInput Input(string host = "smtp.fallback.example", string? password = "fallback-Pa55word") => new()
    {
        Host = host, Port = 465, Security = SecurityMode.SslOnConnect, Username = "backup@example.test",
        Password = password, FromAddress = "backup@example.test", SwitchAfterMinutes = 15,
    };

    [Fact]
    public async Task TheMainProviderItselfIsRefusedAsAFallbackInTheAdminsLanguage()
    {
        var same = Input("SMTP.MAIN.EXAMPLE");
        same.Port = 587;
        same.Username = "mail@example.test";

        var english = await Store.SaveAsync(same, Admin, Ct);
        FallbackSave chinese;
        using (new UiCultureScope("zh-CN"))
            chinese = await Store.SaveAsync(same, Admin, Ct);

        Assert.Equal("The fallback must be another server or account than the main SMTP settings: the same one fails at the same time.",
            english.Problems[nameof(FallbackInput.Host)]);
        Assert.Equal("备用服务商必须与主 SMTP 设置使用不同的服务器或账号：同一个账号出故障时，备用也会一起失效。",
            chinese.Problems[nameof(FallbackInput.Host)]);
        Assert.Null(await Store.GetAsync(Ct));
    }

    [Fact]
    public async Task ANewFallbackNeedsItsPasswordAndASwitchTimeInRangeAndNothingIsStoredHalfWay()
    {
        var input = Input(password: null);
        input.SwitchAfterMinutes = 0;

        var refused = await Store.SaveAsync(input, Admin, Ct);

        Assert.Equal("Enter the password (or authorization code) of the fallback account.", refused.Problems[nameof(FallbackInput.Password)]);
        Assert.Equal("Give a number of minutes from 1 to 1440.", refused.Problems[nameof(FallbackInput.SwitchAfterMinutes)]);
        Assert.Null(await Store.GetAsync(Ct));
        Assert.Empty(await AuditTable.EntriesAsync(_portal.Get<Microsoft.EntityFrameworkCore.IDbContextFactory<SmtpPortal.Data.PortalDbContext>>(), AuditAction.FallbackAdded));
    }

    [Fact]
    public async Task ItsPasswordIsStoredEncryptedAndGoesOnlyToTheServerItWasGivenFor()
    {
        Assert.True((await Store.SaveAsync(Input(), Admin, Ct)).Succeeded);
        var raw = await AlertDatabaseFiles.ReadAllAsync(_data.Path);
        Assert.DoesNotContain("fallback-Pa55word", raw);

        // Another server without the password typed again: refused, the stored one stays where it was.
        var moved = await Store.SaveAsync(Input("smtp.elsewhere.example", password: null), Admin, Ct);
        Assert.StartsWith("The server or account changed: enter its password again.", moved.Problems[nameof(FallbackInput.Password)]);
        Assert.Equal("smtp.fallback.example", (await Store.GetAsync(Ct))!.Host);

        // The same server: the stored password is kept.
        var kept = await Store.SaveAsync(Input(password: null), Admin, Ct);
        Assert.True(kept.Succeeded);
        var connection = await _portal.Get<SmtpConnections>().ForFallbackAsync(Ct);
        Assert.Equal("fallback-Pa55word", connection.Connection!.Password);
        Assert.Equal("smtp.fallback.example", connection.Connection.Host);
        Assert.Equal(2, (await Store.GetAsync(Ct))!.Revision);
    }
}
