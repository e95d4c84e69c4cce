using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SmtpPortal.Alerts;
using SmtpPortal.Data;
using SmtpPortal.History;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Alerts;

/// <summary>The real portal over a temp folder, on a fake clock, with a webhook receiver of the
/// tests for its alert channels (Telegram's API base points there too).</summary>
public sealed class AlertTestBed : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 12, 6, 5, 0, 0, TimeSpan.Zero);
    public static readonly AuditActor Admin = new("admin", "192.0.2.9");

    private readonly TempFolder _data = new();

    private AlertTestBed(WebhookReceiver receiver, IReadOnlyDictionary<string, string?>? configuration)
    {
        Receiver = receiver;
        var settings = new Dictionary<string, string?>
        {
            ["SmtpPortal:Alerts:TelegramApiBase"] = receiver.BaseUrl.ToString(),
            ["SmtpPortal:Alerts:ChannelTimeoutSeconds"] = "10",
            ["SmtpPortal:Alerts:CheckIntervalMinutes"] = "1440",
            // A relay turned on by a test listens on a free port, never on the default 2525.
            ["SmtpPortal:Relay:Endpoints:0"] = "127.0.0.1:0",
        };
        foreach (var (key, value) in configuration ?? new Dictionary<string, string?>())
            settings[key] = value;
        Portal = new PortalFactory(_data.Path, settings)
        {
            TestServices = services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(Clock);
                services.AddLogging(logging => logging.AddProvider(Logs));
            },
        };
        _ = Portal.Services;
    }

    public FakeTimeProvider Clock { get; } = new(Start);
    public WebhookReceiver Receiver { get; }
    public PortalFactory Portal { get; }
    public CapturedLogs Logs { get; } = new();
    public string DataPath => _data.Path;

    public AlertService Alerts => Portal.Get<AlertService>();
    public AlertChannelStore Channels => Portal.Get<AlertChannelStore>();
    public IDbContextFactory<PortalDbContext> Db => Portal.Get<IDbContextFactory<PortalDbContext>>();

    /// <param name="configuration">Settings beyond the bed's own, e.g. the relay's thresholds.</param>
    public static async Task<AlertTestBed> StartAsync(IReadOnlyDictionary<string, string?>? configuration = null) =>
        new(await WebhookReceiver.StartAsync(), configuration);

    public async Task<AlertChannel> AddAsync(AlertChannelKind kind, string path, string? secret = null, string language = "en", string? name = null)
    {
        var saved = await Channels.AddAsync(new AlertChannelInput
        {
            Name = name ?? $"{kind} {path}",
            Kind = kind,
            Language = language,
            Url = kind == AlertChannelKind.Telegram ? null : Receiver.Url(path),
            Secret = secret,
            BotToken = kind == AlertChannelKind.Telegram ? "123456789:AAE-telegram_bot_token_for_tests" : null,
            ChatId = kind == AlertChannelKind.Telegram ? "-1001234567890" : null,
        }, Admin, TestContext.Current.CancellationToken);
        Assert.True(saved.Succeeded, string.Join("; ", saved.Problems.Values));
        return saved.Channel!;
    }

    public Task<IReadOnlyList<AuditEntry>> HistoryAsync(AuditAction action) => AuditTable.EntriesAsync(Db, action);

    public async ValueTask DisposeAsync()
    {
        await Portal.DisposeAsync();
        await Receiver.DisposeAsync();
        _data.Dispose();
    }
}
