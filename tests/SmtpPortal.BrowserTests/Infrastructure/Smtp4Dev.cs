using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace SmtpPortal.BrowserTests.Infrastructure;

/// <summary>
/// smtp4dev (an SMTP server we did not write) run as the repository's local dotnet tool on
/// 127.0.0.1, requiring a login with one user and checking the password. Its REST API tells what arrived.
/// </summary>
public sealed class Smtp4Dev : IAsyncDisposable
{
    public const string User = "mailer@example.test";
    public const string Password = "smtp4dev-pass-42!";

    private readonly Process _process;
    private readonly HttpClient _api;
    private readonly string _appData;

    private Smtp4Dev(string tlsMode)
    {
        SmtpPort = FreePort();
        var webPort = FreePort();
        _appData = Path.Combine(Path.GetTempPath(), "smtp4dev", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(_appData);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "smtp4dev", $"--smtpport={SmtpPort}", $"--urls=http://127.0.0.1:{webPort}", "--bindaddress=127.0.0.1",
            "--db=", "--imapport=", "--pop3port=", $"--tlsmode={tlsMode}", "--hostname=localhost",
            "--authenticationrequired", "--smtpallowanycredentials-", $"--user={User}={Password}",
            "--nousersettings", $"--baseappdatapath={_appData}",
        })
            start.ArgumentList.Add(argument);
        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet smtp4dev did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{webPort}") };
    }

    public int SmtpPort { get; }

    /// <summary>SHA-256 of the self-signed certificate smtp4dev made for itself.</summary>
    public string CertificateSha256 { get; private set; } = "";

    public static async Task<Smtp4Dev> StartAsync(string tlsMode)
    {
        var server = new Smtp4Dev(tlsMode);
        await server.WaitUntilReadyAsync();
        return server;
    }

    private async Task WaitUntilReadyAsync()
    {
        var until = DateTime.UtcNow.AddSeconds(90);
        var certificate = Path.Combine(_appData, "selfsigned-certificate.cer");
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"smtp4dev exited with {_process.ExitCode}");
            try
            {
                var answer = await _api.GetAsync("/api/messages");
                if (answer.IsSuccessStatusCode && File.Exists(certificate) && SmtpAccepts())
                {
                    using var cert = X509CertificateLoader.LoadCertificateFromFile(certificate);
                    CertificateSha256 = Convert.ToHexString(SHA256.HashData(cert.RawData));
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(250);
        }
        throw new TimeoutException("smtp4dev did not become ready within 90 s");
    }

    private bool SmtpAccepts()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, SmtpPort);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<ReceivedMessage>> MessagesAsync()
    {
        using var json = JsonDocument.Parse(await _api.GetStringAsync("/api/messages?pageSize=50"));
        return json.RootElement.GetProperty("results").EnumerateArray()
            .Select(m => new ReceivedMessage(
                m.GetProperty("id").GetString()!,
                m.GetProperty("from").GetString() ?? "",
                m.GetProperty("to").EnumerateArray().Select(t => t.GetString() ?? "").ToList(),
                m.GetProperty("subject").GetString() ?? ""))
            .ToList();
    }

    /// <summary>The raw message as it arrived (headers and body).</summary>
    public Task<string> SourceAsync(string id) => _api.GetStringAsync($"/api/messages/{id}/source");

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
        _api.Dispose();
        try
        {
            Directory.Delete(_appData, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public sealed record ReceivedMessage(string Id, string From, IReadOnlyList<string> To, string Subject);
