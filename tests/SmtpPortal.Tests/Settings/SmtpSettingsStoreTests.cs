using System.Text;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Settings;

/// <summary>Storage against a real SQLite file and key ring in a temp folder.</summary>
public sealed class SmtpSettingsStoreTests : IDisposable
{
    // No whitespace: QQ codes are joined by the shape rule (spaces are only for reading).
    private const string Secret = "Pa55-w0rd“quoted”🔑secret";
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    private static SmtpSettingsInput QqInput(string? password = Secret) => new()
    {
        PresetId = "qq",
        Host = "smtp.qq.com",
        Port = 465,
        Security = SecurityMode.SslOnConnect,
        Username = "12345@qq.com",
        Password = password,
        FromAddress = "12345@qq.com",
        FromName = "Server",
    };

    [Fact]
    public async Task NoDatabaseFileHoldsThePasswordInAnyForm()
    {
        await using (var portal = new PortalFactory(_data.Path))
        {
            var saved = await portal.Get<SmtpSettingsStore>().SaveAsync(QqInput(), null, TestContext.Current.CancellationToken);
            Assert.True(saved.Succeeded);
            // Read the files while the portal still runs: the WAL has not been folded in yet.
            AssertNoFileContains(Secret);
        }
        AssertNoFileContains(Secret);
    }

    [Fact]
    public async Task ASecondPortalOverTheSameDataDirectoryReadsThePasswordBack()
    {
        await using (var first = new PortalFactory(_data.Path))
            Assert.True((await first.Get<SmtpSettingsStore>().SaveAsync(QqInput(), null, TestContext.Current.CancellationToken)).Succeeded);

        await using var second = new PortalFactory(_data.Path);
        var (settings, connection, problem) = await second.Get<SmtpConnections>().ForStoredSettingsAsync(TestContext.Current.CancellationToken);

        Assert.Null(problem);
        Assert.Equal("smtp.qq.com", settings!.Host);
        Assert.Equal(465, settings.Port);
        Assert.Equal(SecurityMode.SslOnConnect, settings.Security);
        Assert.Equal("Server", settings.FromName);
        Assert.Equal(Secret, connection!.Password);
    }

    [Fact]
    public async Task SavingWithoutRetypingThePasswordKeepsTheStoredOne()
    {
        await using var portal = new PortalFactory(_data.Path);
        var store = portal.Get<SmtpSettingsStore>();
        var first = await store.SaveAsync(QqInput(), null, TestContext.Current.CancellationToken);

        var edited = QqInput(password: null);
        edited.FromName = "Renamed";
        var second = await store.SaveAsync(edited, first.Settings!.Revision, TestContext.Current.CancellationToken);

        Assert.True(second.Succeeded);
        var (settings, connection, _) = await portal.Get<SmtpConnections>().ForStoredSettingsAsync(TestContext.Current.CancellationToken);
        Assert.Equal("Renamed", settings!.FromName);
        Assert.Equal(Secret, connection!.Password);
        Assert.Equal(first.Settings.PasswordSetAt, settings.PasswordSetAt);
    }

    [Theory]
    [InlineData("Host", "smtp.gmail.com")]
    [InlineData("Port", "587")]
    [InlineData("Username", "other@qq.com")]
    public async Task ChangingTheDestinationDemandsThePasswordAgain(string field, string value)
    {
        await using var portal = new PortalFactory(_data.Path);
        var store = portal.Get<SmtpSettingsStore>();
        var first = await store.SaveAsync(QqInput(), null, TestContext.Current.CancellationToken);

        var moved = QqInput(password: null);
        switch (field)
        {
            case "Host": moved.Host = value; break;
            case "Port": moved.Port = int.Parse(value); moved.Security = SecurityMode.StartTls; break;
            default: moved.Username = value; break;
        }
        var result = await store.SaveAsync(moved, first.Settings!.Revision, TestContext.Current.CancellationToken);

        Assert.False(result.Succeeded);
        Assert.Contains("enter the password again", result.Errors[nameof(SmtpSettingsInput.Password)]);
        Assert.Equal("smtp.qq.com", (await store.GetAsync(TestContext.Current.CancellationToken))!.Host);
    }

    [Fact]
    public async Task InvalidInputStoresNothing()
    {
        await using var portal = new PortalFactory(_data.Path);
        var store = portal.Get<SmtpSettingsStore>();
        var bad = QqInput();
        bad.Port = 70000;
        bad.FromName = "Evil\r\nBcc: victim@example.test";

        var result = await store.SaveAsync(bad, null, TestContext.Current.CancellationToken);

        Assert.False(result.Succeeded);
        Assert.Contains(nameof(SmtpSettingsInput.Port), result.Errors.Keys);
        Assert.Contains(nameof(SmtpSettingsInput.FromName), result.Errors.Keys);
        Assert.Null(await store.GetAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ASaveBasedOnStaleSettingsIsToldOfTheConflict()
    {
        await using var portal = new PortalFactory(_data.Path);
        var store = portal.Get<SmtpSettingsStore>();
        var first = await store.SaveAsync(QqInput(), null, TestContext.Current.CancellationToken);
        var revision = first.Settings!.Revision;
        Assert.True((await store.SaveAsync(QqInput(password: null), revision, TestContext.Current.CancellationToken)).Succeeded);

        var stale = await store.SaveAsync(QqInput(password: null), revision, TestContext.Current.CancellationToken);

        Assert.True(stale.IsConflict);
    }

    [Fact]
    public async Task ADatabaseWithoutItsKeyRingAsksForThePasswordAgainAndNeverSendsCiphertext()
    {
        await using (var first = new PortalFactory(_data.Path))
            Assert.True((await first.Get<SmtpSettingsStore>().SaveAsync(QqInput(), null, TestContext.Current.CancellationToken)).Succeeded);
        Directory.Delete(Path.Combine(_data.Path, "keys"), recursive: true);

        await using var restored = new PortalFactory(_data.Path);
        var store = restored.Get<SmtpSettingsStore>();
        var (_, connection, problem) = await restored.Get<SmtpConnections>().ForStoredSettingsAsync(TestContext.Current.CancellationToken);

        Assert.Null(connection);
        Assert.Equal(SmtpFailureCategory.PasswordUnreadable, problem!.Category);
        Assert.Contains("enter it again", DiagnosisWords.Texts.Summary(problem));
        Assert.False(await store.CanDecryptPasswordAsync(TestContext.Current.CancellationToken));
    }

    private void AssertNoFileContains(string secret)
    {
        var forms = new[] { Encoding.UTF8.GetBytes(secret), Encoding.Unicode.GetBytes(secret) };
        var files = Directory.EnumerateFiles(_data.Path, "*", SearchOption.AllDirectories).ToList();
        Assert.Contains(files, f => f.EndsWith(".db", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var bytes = ReadShared(file);
            foreach (var form in forms)
                Assert.True(bytes.AsSpan().IndexOf(form) < 0, $"{Path.GetFileName(file)} contains the password");
        }
    }

    private static byte[] ReadShared(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
