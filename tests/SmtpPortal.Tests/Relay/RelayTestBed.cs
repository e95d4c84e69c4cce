using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using SmtpPortal.History;
using SmtpPortal.Relay;
using SmtpPortal.Settings;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Relay;

/// <summary>The real portal with its relay on (listening on 127.0.0.1, a free port), its SMTP
/// settings pointed at a real SMTP server of the test (the "provider"), and a clock the test
/// moves. Apps are MailKit clients.</summary>
internal sealed class RelayTestBed : IAsyncDisposable
{
    public static readonly AuditActor Admin = new("admin", "192.0.2.7");

    private readonly TempFolder _data = new();
    private readonly PortalFactory _factory;

    private RelayTestBed(
        LocalSmtpServer provider, IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services, Action<string>? prepareData)
    {
        Provider = provider;
        prepareData?.Invoke(_data.Path);
        _factory = new PortalFactory(_data.Path, settings);
        Portal = _factory.WithWebHostBuilder(host => host.ConfigureTestServices(s =>
        {
            s.AddSingleton<TimeProvider>(Clock);
            s.AddLogging(logging => logging.AddProvider(Logs));
            services?.Invoke(s);
        }));
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero));
    public LocalSmtpServer Provider { get; }
    public Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> Portal { get; }
    public CapturedLogs Logs { get; } = new();
    public string DataPath => _data.Path;
    public int Port { get; private set; }

    /// <param name="configuration">Settings beyond the relay's loopback endpoint, e.g. limits.</param>
    public static async Task<RelayTestBed> StartAsync(
        IReadOnlyDictionary<string, string?>? configuration = null, LocalSmtpServer? provider = null,
        Action<IServiceCollection>? services = null, bool saveSettings = true, Action<string>? prepareData = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["SmtpPortal:Relay:Endpoints:0"] = "127.0.0.1:0",
            ["SmtpPortal:SendTimeoutSeconds"] = "10",
        };
        foreach (var (key, value) in configuration ?? new Dictionary<string, string?>())
            settings[key] = value;
        var bed = new RelayTestBed(provider ?? LocalSmtpServer.Plain(), settings, services, prepareData);
        if (saveSettings)
        {
            var saved = await bed.Get<SmtpSettingsStore>().SaveAsync(LocalSettings.For(bed.Provider), null);
            Assert.True(saved.Succeeded, string.Join("; ", saved.Errors.Values));
        }
        await bed.Get<RelayStateStore>().SetEnabledAsync(true, Admin);
        await bed.Get<RelayListenerService>().ApplyAsync();
        var runtime = bed.Get<RelayRuntime>().Current;
        Assert.True(runtime.Listening.Count > 0, runtime.ListenProblem);
        bed.Port = runtime.Listening[0].Port;
        return bed;
    }

    public T Get<T>() where T : notnull => Portal.Services.GetRequiredService<T>();

    public async Task<(RelayApp App, string Secret)> CreateAppAsync(string name = "WordPress", string senders = "portal@example.test")
    {
        var created = await Get<RelayAppStore>().CreateAsync(name, senders, Admin);
        Assert.True(created.Succeeded, created.NameProblem?.English ?? created.SendersProblem?.English);
        return (created.App!, created.Secret!);
    }

    /// <summary>A MailKit client connected to the relay (no TLS: the test is on loopback),
    /// logged in when credentials are given.</summary>
    public async Task<SmtpClient> ConnectAsync(string? user = null, string? secret = null)
    {
        var client = new SmtpClient { Timeout = 30_000 };
        await client.ConnectAsync("127.0.0.1", Port, SecureSocketOptions.None, TestContext.Current.CancellationToken);
        if (user is not null)
            await client.AuthenticateAsync(user, secret!, TestContext.Current.CancellationToken);
        return client;
    }

    public static MimeMessage Message(string from = "portal@example.test", string to = "someone@example.org", string subject = "Hello")
    {
        var message = new MimeMessage { Subject = subject };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        message.Body = new TextPart("plain") { Text = "Sent through the SmtpPortal relay." };
        return message;
    }

    /// <summary>Moves the clock past the listener's next look at the stored switch and waits for that look.</summary>
    public async Task ApplyAfterPollAsync()
    {
        var before = Get<RelayRuntime>().Current;
        Clock.Advance(RelayListenerService.PollInterval);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (ReferenceEquals(Get<RelayRuntime>().Current, before))
            await Task.Delay(10, deadline.Token);
    }

    /// <summary>The command line runs on the real clock: what it schedules "now" is due to the portal
    /// only once the test's clock has reached the real time (after 10:00 UTC on the bed's start day,
    /// the real time is past the bed's clock).</summary>
    public void CatchUpWithRealClock()
    {
        var real = DateTimeOffset.UtcNow;
        if (real > Clock.GetUtcNow())
            Clock.SetUtcNow(real);
    }

    public async Task<IReadOnlyList<RelayMessage>> LogAsync() => await Get<SendLog>().FindAsync(new SendLogFilter());

    /// <summary>Waits until the send log satisfies <paramref name="condition"/>, re-reading it at
    /// every change the relay announces; fails after <paramref name="patience"/>.</summary>
    public async Task<IReadOnlyList<RelayMessage>> WaitForLogAsync(
        Func<IReadOnlyList<RelayMessage>, bool> condition, string what, TimeSpan? patience = null)
    {
        var updates = Get<SendLogUpdates>();
        using var deadline = new CancellationTokenSource(patience ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var next = updates.Next;
            var log = await LogAsync();
            if (condition(log))
                return log;
            try
            {
                await next.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"The send log never showed {what}: " + string.Join("; ", log.Select(m => $"{m.Id} {m.Status} {m.LastReason}")));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Portal.DisposeAsync();
        await _factory.DisposeAsync();
        await Provider.DisposeAsync();
        _data.Dispose();
    }
}
