using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SmtpPortal.Data;
using SmtpPortal.History;
using SmtpPortal.Hosting;
using SmtpPortal.OAuth;
using SmtpPortal.Providers;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;

namespace SmtpPortal.Tests.TestSupport;

/// <summary>The portal's real services (SQLite and key ring in a temp folder) with the preset
/// catalog's OAuth endpoints pointed at a <see cref="LocalAuthorizationServer"/> and an SMTP
/// server that accepts only its current access token.</summary>
public sealed class OAuthTestBed : IAsyncDisposable
{
    public const string Account = "portal@outlook.test";

    /// <summary>The admin the audit log names for sign-ins and sign-outs made through the test bed.</summary>
    public static readonly AuditActor Admin = new("admin", "192.0.2.7");

    private readonly TempFolder _data = new();
    private readonly ServiceProvider _services;

    private OAuthTestBed(LocalAuthorizationServer authorization, TimeProvider time)
    {
        Authorization = authorization;
        Smtp = new XOAuth2SmtpServer(Account, () => authorization.CurrentAccessToken);
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        services.AddSingleton(time);
        services.AddOptions<SmtpPortalOptions>();
        services.AddSmtpPortalStorage(new DataDirectory(_data.Path));
        services.AddSmtpSending();
        services.AddAlerts();
        services.AddRelayServices();
        services.AddSettingsExport();
        services.AddSingleton(CatalogPointedAt(authorization));
        _services = services.BuildServiceProvider();
    }

    public LocalAuthorizationServer Authorization { get; }
    public XOAuth2SmtpServer Smtp { get; }
    public CapturedLogs Logs { get; } = new();
    public string DataPath => _data.Path;

    public static async Task<OAuthTestBed> StartAsync(TimeProvider? time = null)
    {
        var bed = new OAuthTestBed(await LocalAuthorizationServer.StartAsync(), time ?? TimeProvider.System);
        await bed._services.MigrateDatabaseAsync();
        return bed;
    }

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public ProviderPreset Outlook => Get<ProviderCatalog>().Find("outlook")!;

    public OAuthRegistration Registration(string clientId = LocalAuthorizationServer.ClientId, string? secret = null) =>
        new("outlook", Outlook.OAuth!, clientId, secret, "consumers");

    /// <summary>Outlook.com settings aimed at the local XOAUTH2 server, saved as after a sign-in.</summary>
    public async Task SaveSettingsAsync(string username = Account)
    {
        var result = await Get<SmtpSettingsStore>().SaveAsync(new SmtpSettingsInput
        {
            PresetId = "outlook", Host = "127.0.0.1", Port = Smtp.Port, Security = SecurityMode.None,
            Username = username, FromAddress = Account, SignsInWithOAuth = true,
        }, null);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Values));
    }

    /// <summary>As after a restore without the key ring: the sign-in's ciphertext no longer decrypts here.</summary>
    public async Task DamageSignInAsync()
    {
        await using var db = await Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        var grant = await db.OAuthGrants.SingleAsync(TestContext.Current.CancellationToken);
        grant.ProtectedRefreshToken = grant.ProtectedRefreshToken[..^4] + "AAAA";
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>An Outlook.com account that signs in with Microsoft, planted directly in a
    /// portal's storage (no authorization server involved): a grant and settings without a password.</summary>
    public static async Task PlantOutlookSignInAsync(OAuthGrantStore grants, SmtpSettingsStore store, ProviderCatalog catalog)
    {
        await grants.SaveAsync(new OAuthRegistration("outlook", catalog.Find("outlook")!.OAuth!, "client-id", null, "consumers"),
            "me@outlook.com", "refresh-token", new AuditActor("admin", null), TestContext.Current.CancellationToken);
        var saved = await store.SaveAsync(new SmtpSettingsInput
        {
            PresetId = "outlook", Host = "smtp-mail.outlook.com", Port = 587, Security = SecurityMode.StartTls,
            Username = "me@outlook.com", FromAddress = "me@outlook.com", SignsInWithOAuth = true,
        }, null, TestContext.Current.CancellationToken);
        Assert.True(saved.Succeeded);
    }

    /// <summary>Signs in with the device-code flow, approved at once.</summary>
    public async Task SignInAsync()
    {
        Authorization.ApproveDeviceCodesAtOnce = true;
        var signIn = Get<DeviceCodeSignIn>();
        var (challenge, problem) = await signIn.StartAsync(Registration(), Account, TestContext.Current.CancellationToken);
        Assert.Null(problem);
        Assert.Null(await signIn.CompleteAsync(Registration(), Account, challenge!, OAuthTestBed.Admin, TestContext.Current.CancellationToken));
    }

    public async Task<SendOutcome> SendTestAsync() =>
        (await Get<TestEmailService>().SendAsync("someone@example.test", Requester.Admin(new SmtpPortal.History.AuditActor("admin", null)),
            null, TestContext.Current.CancellationToken)).Outcome;

    /// <summary>Every file of the data directory, as text, to search for plaintext secrets.</summary>
    public string DataFilesText() => string.Concat(Directory.EnumerateFiles(_data.Path, "*", SearchOption.AllDirectories)
        .Select(f => System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(f))));

    /// <summary>The shipped catalog with the OAuth presets' endpoints on the local server and
    /// 127.0.0.1 as their SMTP host: the catalog's constructor is the override point.</summary>
    public static ProviderCatalog CatalogPointedAt(LocalAuthorizationServer server) => new(
        ProviderCatalog.LoadShipped().All.Select(preset => preset.OAuth is null ? preset : preset with
        {
            Hosts = [new PresetHost("127.0.0.1")],
            OAuth = preset.OAuth with
            {
                AuthorizationEndpoint = server.AuthorizationEndpoint,
                TokenEndpoint = server.TokenEndpoint,
                DeviceAuthorizationEndpoint = server.DeviceEndpoint,
            },
        }));

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Smtp.DisposeAsync();
        await Authorization.DisposeAsync();
        _data.Dispose();
    }
}
