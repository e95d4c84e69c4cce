using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SmtpPortal.Bench.Infrastructure;

/// <summary>A published app started as its own process on 127.0.0.1, the way an operator starts it.
/// The clock runs from just before the process starts until the first HTTP 200 on the ready path.</summary>
public sealed class RunningApp : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();
    private readonly List<(TimeSpan At, string Line)> _firstLines = [];
    private Stopwatch _clock = new();

    private RunningApp(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }
    public int ProcessId => _process.Id;

    /// <summary>Process start to the first 200 on the ready path.</summary>
    public TimeSpan StartUpTime { get; private set; }

    /// <param name="executable">The published apphost, e.g. publish/SmtpPortal.</param>
    /// <param name="environment">Extra environment variables (data directory, runtime knobs).</param>
    public static async Task<RunningApp> StartAsync(
        string executable, string readyPath, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var port = FreePort();
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = Path.GetDirectoryName(executable)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Only the knobs each measurement sets may reach the app; DOTNET_ROOT still finds the runtime.
        foreach (var key in start.Environment.Keys
            .Where(k => (k.StartsWith("DOTNET_", StringComparison.Ordinal) && !k.StartsWith("DOTNET_ROOT", StringComparison.Ordinal))
                || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal))
            .ToList())
            start.Environment.Remove(key);
        if (!start.Environment.ContainsKey("DOTNET_ROOT"))
            start.Environment["DOTNET_ROOT"] = DotnetRoot.Value;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment)
            start.Environment[key] = value;

        using var http = NewClient();
        var readyUrl = $"http://127.0.0.1:{port}{readyPath}";
        var clock = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start");
        var app = new RunningApp(process, $"http://127.0.0.1:{port}") { _clock = clock };
        process.OutputDataReceived += (_, e) => app.Remember(e.Data);
        process.ErrorDataReceived += (_, e) => app.Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        while (true)
        {
            if (process.HasExited || clock.Elapsed > timeout)
            {
                var why = process.HasExited ? $"exited with {process.ExitCode}" : $"gave no 200 on {readyPath} within {timeout}";
                await app.DisposeAsync();
                throw new InvalidOperationException($"{Path.GetFileName(executable)} {why}:\n{app.LastLines()}");
            }
            try
            {
                using var response = await http.GetAsync(readyUrl);
                if (response.StatusCode == HttpStatusCode.OK)
                    break;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(5);
        }
        app.StartUpTime = clock.Elapsed;
        return app;
    }

    /// <summary>Resident set size now (VmRSS), in bytes: what the server's RAM really pays.</summary>
    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kilobytes = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0]);
        return kilobytes * 1024;
    }

    /// <summary>A client that keeps cookies and does not follow redirects.</summary>
    public static HttpClient NewClient(CookieContainer? cookies = null) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = cookies is not null,
        CookieContainer = cookies ?? new CookieContainer(),
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = TimeSpan.FromSeconds(5),
    })
    { Timeout = TimeSpan.FromSeconds(60) };

    public string LastLines()
    {
        lock (_lastLines)
            return string.Join('\n', _lastLines);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }

    /// <summary>When (from process start) the app first wrote a line containing <paramref name="text"/>.</summary>
    public TimeSpan? FirstLineContaining(string text)
    {
        lock (_lastLines)
            return _firstLines.Where(l => l.Line.Contains(text, StringComparison.Ordinal)).Select(l => (TimeSpan?)l.At).FirstOrDefault();
    }

    private void Remember(string? line)
    {
        if (line is null)
            return;
        lock (_lastLines)
        {
            if (_firstLines.Count < 100)
                _firstLines.Add((_clock.Elapsed, line));
            _lastLines.Enqueue(line);
            if (_lastLines.Count > 40)
                _lastLines.Dequeue();
        }
    }

    /// <summary>Where the dotnet on PATH lives, for the apphost to find the shared runtime.</summary>
    private static readonly Lazy<string> DotnetRoot = new(() =>
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Select(folder => Path.Combine(folder, "dotnet"))
            .FirstOrDefault(File.Exists) ?? "/usr/share/dotnet/dotnet";
        var target = new FileInfo(onPath).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? onPath;
        return Path.GetDirectoryName(target)!;
    });

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
