using System.Diagnostics;
using System.Net.Security;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using SmtpPortal.Bench.Infrastructure;
using SmtpPortal.Data;
using SmtpPortal.Hosting;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Bench.Harnesses;

/// <summary>
/// Figure 4: what the portal adds to one SMTP exchange. The portal's path is its own
/// TestEmailService over its own storage (settings read from SQLite, the password decrypted with
/// Data Protection, MailKit behind the portal's seam, the run recorded); the reference is a bare
/// MailKit send with the same settings and message to the same STARTTLS server on 127.0.0.1.
/// Sends alternate (which one goes first alternates too), so drift hits both alike.
/// </summary>
public sealed class TestSendHarness(BenchSettings settings, Report report)
{
    private const string Recipient = "someone@example.test";
    private const string FromAddress = "sender@example.test";
    private const string Subject = "SmtpPortal test email";
    private const string Body = "This is a test email from SmtpPortal.\n\nIf you can read it, this server can send mail.\n";

    public async Task RunAsync()
    {
        Console.WriteLine($"Test-send overhead: {settings.Sends} sends per path, interleaved…");
        await using var server = LocalSmtpServer.StartTls();
        var pin = TestCertificates.Sha256(server.Certificate!);
        // A fresh folder per run: a kept --work folder must not carry the last run's settings and test runs.
        var data = Path.Combine(settings.WorkDirectory, "test-send-data", Guid.NewGuid().ToString("n")[..8]);
        await using var portal = await StartPortalServicesAsync(data, server.Port, pin);
        var service = portal.GetRequiredService<TestEmailService>();
        var connections = portal.GetRequiredService<SmtpConnections>();
        var sender = portal.GetRequiredService<SmtpSender>();
        var message = Message();

        var raw = new List<double>();
        var exchange = new List<double>();
        var full = new List<double>();
        var readAndDecrypt = new List<double>();
        var warmUp = settings.Smoke ? 1 : 10;
        for (var i = -warmUp; i < settings.Sends; i++)
        {
            // Three paths per round, in an order that rotates, so that drift hits all alike.
            var timings = new double[3];
            var readMs = 0d;
            for (var turn = 0; turn < 3; turn++)
            {
                var path = (i + warmUp + turn) % 3;
                timings[path] = path switch
                {
                    0 => await TimeAsync(() => RawSendAsync(server.Port, pin)),
                    1 => await TimeAsync(async () => readMs = await PortalExchangeAsync(connections, sender, message)),
                    _ => await TimeAsync(() => PortalSendAsync(service)),
                };
            }
            server.Messages.Clear();
            if (i < 0)
                continue;
            raw.Add(timings[0]);
            exchange.Add(timings[1]);
            full.Add(timings[2]);
            readAndDecrypt.Add(readMs);
        }

        const string detail = "STARTTLS + AUTH to SmtpServer on 127.0.0.1";
        report.Add(new Figure("4a. Test send: stored settings → MailKit (portal) vs raw MailKit, median", "ms",
            Stats.Median(exchange), Stats.Median(raw), 1.10, TargetKind.RatioAtMost, detail));
        report.Add(new Figure("4b. Test send as the button runs it (4a + recording the run), median", "ms",
            Stats.Median(full), Stats.Median(raw), 1.10, TargetKind.RatioAtMost, detail));
        report.Note("4. Test-send overhead: breakdown",
            $"{settings.Sends} sends per path after {warmUp} discarded warm-up rounds, the three paths taking turns; "
            + "STARTTLS with AUTH PLAIN to the SmtpServer library on 127.0.0.1 with a pinned self-signed certificate.\n\n"
            + "| path | median (ms) | p95 (ms) |\n|---|---|---|\n"
            + Row("raw MailKit (connect, STARTTLS, AUTH, send, QUIT)", raw)
            + Row("4a. portal: SmtpConnections.ForStoredSettingsAsync + SmtpSender.SendAsync", exchange)
            + Row("… of which ForStoredSettingsAsync (SQLite read + Data Protection decrypt)", readAndDecrypt)
            + Row("4b. portal: TestEmailService.SendAsync (4a + per-minute cap, message, log line, recording the run in SQLite)", full)
            + Row("… 4b minus 4a in the same round (cap, building the message, log line, recording the run)",
                full.Zip(exchange, (button, bare) => button - bare).ToList()));
    }

    /// <summary>The stored, encrypted settings to MailKit: what the portal adds to the exchange itself.</summary>
    private static async Task<double> PortalExchangeAsync(SmtpConnections connections, SmtpSender sender, OutgoingMessage message)
    {
        var clock = Stopwatch.StartNew();
        var (_, connection, problem) = await connections.ForStoredSettingsAsync(CancellationToken.None);
        if (problem is not null)
            throw new InvalidOperationException($"The stored settings are not usable: {problem.Category}");
        var readMs = clock.Elapsed.TotalMilliseconds;
        Check(await sender.SendAsync(connection!, message, TimeSpan.FromSeconds(30), null, CancellationToken.None));
        return readMs;
    }

    private static OutgoingMessage Message()
    {
        var message = new MimeMessage { Subject = Subject };
        message.From.Add(new MailboxAddress("Bench", FromAddress));
        message.To.Add(MailboxAddress.Parse(Recipient));
        message.Body = new TextPart("plain") { Text = Body };
        return OutgoingMessage.FromHeaders(message);
    }

    private static string Row(string name, List<double> samples) =>
        $"| {name} | {Stats.Median(samples):0.00} | {Stats.Percentile(samples, 95):0.00} |\n";

    private static async Task PortalSendAsync(TestEmailService service) =>
        Check((await service.SendAsync(Recipient, Bench, null, CancellationToken.None)).Outcome);

    private static readonly Requester Bench = Requester.CommandLine(new SmtpPortal.History.AuditActor("bench", null));

    private static void Check(SendOutcome outcome)
    {
        if (!outcome.Succeeded)
            throw new InvalidOperationException($"The portal's test send failed: {outcome.Category} {outcome.Evidence.ServerReply}");
    }

    /// <summary>What a developer would write with MailKit alone, with the same certificate rule.</summary>
    private static async Task RawSendAsync(int port, string pin)
    {
        using var client = new SmtpClient
        {
            CheckCertificateRevocation = false,
            ServerCertificateValidationCallback = (_, certificate, _, errors) =>
                errors == SslPolicyErrors.None || (certificate is not null && string.Equals(
                    Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(certificate.GetRawCertData())), pin,
                    StringComparison.OrdinalIgnoreCase)),
        };
        await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.StartTls);
        await client.AuthenticateAsync(LocalSmtpServer.UserName, LocalSmtpServer.Password);
        var message = new MimeMessage { Subject = Subject };
        message.From.Add(new MailboxAddress("Bench", FromAddress));
        message.To.Add(MailboxAddress.Parse(Recipient));
        message.Body = new TextPart("plain") { Text = Body };
        await client.SendAsync(message);
        await client.DisconnectAsync(quit: true);
    }

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        var clock = Stopwatch.StartNew();
        await action();
        return clock.Elapsed.TotalMilliseconds;
    }

    /// <summary>The portal's own registrations over a fresh data directory, with the settings saved
    /// through its store (password encrypted) and the test server's certificate pinned.</summary>
    private static async Task<ServiceProvider> StartPortalServicesAsync(string data, int port, string pin)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOptions<SmtpPortalOptions>();
        services.AddSmtpPortalStorage(new DataDirectory(data));
        services.AddSmtpSending();
        // The per-minute cap on tests guards a real mail account; the bench's hundreds of sends
        // to its own server on 127.0.0.1 are measured with it at its highest setting.
        services.Configure<SmtpPortal.Security.AdminSecurityOptions>(options => options.TestSendsPerMinute = 1000);
        var provider = services.BuildServiceProvider();
        await provider.MigrateDatabaseAsync();

        var saved = await provider.GetRequiredService<SmtpSettingsStore>().SaveAsync(new SmtpSettingsInput
        {
            Host = "127.0.0.1",
            Port = port,
            Security = SecurityMode.StartTls,
            Username = LocalSmtpServer.UserName,
            Password = LocalSmtpServer.Password,
            FromAddress = FromAddress,
            FromName = "Bench",
        }, expectedRevision: null);
        if (!saved.Succeeded)
            throw new InvalidOperationException("Saving the bench's SMTP settings failed: " + string.Join("; ", saved.Errors.Values));

        var dbFactory = provider.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync();
        var stored = await db.SmtpSettings.SingleAsync();
        stored.TrustedCertificateSha256 = pin;
        await db.SaveChangesAsync();
        return provider;
    }
}
