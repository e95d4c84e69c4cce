using SmtpPortal.Settings;
using SmtpPortal.Smtp;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Settings;

/// <summary>The one-click fixes, against a real SQLite file.</summary>
public sealed class SettingsQuickFixTests : IDisposable
{
    private const string Pin = "AB12CD34EF56AB12CD34EF56AB12CD34EF56AB12CD34EF56AB12CD34EF56AB12";
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<SmtpSettings> SaveAsync(SmtpSettingsStore store) => (await store.SaveAsync(new SmtpSettingsInput
    {
        Host = "relay.example.test", Port = 587, Security = SecurityMode.StartTls,
        Username = "me@example.test", Password = "secret", FromAddress = "me@example.test",
    }, null, Ct)).Settings!;

    [Fact]
    public async Task TrustingACertificatePinsOnlyThatFingerprintAndKeepsThePassword()
    {
        await using var portal = new PortalFactory(_data.Path);
        var store = portal.Get<SmtpSettingsStore>();
        var saved = await SaveAsync(store);

        var result = await store.TrustCertificateAsync(Pin.ToLowerInvariant(), saved.Revision, Ct);

        Assert.True(result.Succeeded);
        var (settings, connection, _) = await store.GetConnectionAsync(Ct);
        Assert.Equal(Pin, settings!.TrustedCertificateSha256);
        Assert.Equal("secret", connection!.Password);
        await Assert.ThrowsAsync<ArgumentException>(() => store.TrustCertificateAsync("*", settings.Revision, Ct));
    }

    [Fact]
    public async Task AFixForAnOlderRevisionIsAConflictAndChangesNothing()
    {
        await using var portal = new PortalFactory(_data.Path);
        var store = portal.Get<SmtpSettingsStore>();
        var saved = await SaveAsync(store);

        var result = await store.TrustCertificateAsync(Pin, saved.Revision - 1, Ct);

        Assert.True(result.IsConflict);
        Assert.Null((await store.GetAsync(Ct))!.TrustedCertificateSha256);
    }
}
