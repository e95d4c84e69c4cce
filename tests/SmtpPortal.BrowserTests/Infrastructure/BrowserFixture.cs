[assembly: AssemblyFixture(typeof(SmtpPortal.BrowserTests.Infrastructure.BrowserFixture))]

namespace SmtpPortal.BrowserTests.Infrastructure;

/// <summary>One headless Debian Chromium for the whole run, and the two smtp4dev servers (STARTTLS
/// and implicit TLS), started in parallel because each takes seconds.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Names another Chromium-based browser, e.g. on a CI runner whose distribution ships no
    /// usable Chromium package (.github/workflows/ci.yml points it at the runner's Chrome).</summary>
    public const string BrowserVariable = "SMTPPORTAL_BROWSER";

    private IPlaywright? _playwright;

    /// <summary>Debian's Chromium unless <see cref="BrowserVariable"/> names another.</summary>
    public static string BrowserPath =>
        Environment.GetEnvironmentVariable(BrowserVariable) is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public IBrowser Browser { get; private set; } = default!;
    public Smtp4Dev StartTlsServer { get; private set; } = default!;
    public Smtp4Dev ImplicitTlsServer { get; private set; } = default!;

    public static string ArtifactsDirectory { get; } = CreateArtifactsDirectory();

    /// <summary>Resolves to 127.0.0.1 in this browser only, without being a secure context.</summary>
    public const string InsecureHost = "smtpportal.test";

    public async ValueTask InitializeAsync()
    {
        // A CI machine can be slower than this one by a factor; five seconds (Playwright's
        // default) for a circuit's update failed under load although the page was right.
        Assertions.SetDefaultExpectTimeout(15_000);
        var startTls = Smtp4Dev.StartAsync("StartTls");
        var implicitTls = Smtp4Dev.StartAsync("ImplicitTls");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                // A name for 127.0.0.1 that is not "localhost": pages opened through it are plain
                // HTTP, not a secure context, as for an admin opening http://<server-ip>:port.
                $"--host-resolver-rules=MAP {InsecureHost} 127.0.0.1",
            ],
        });
        StartTlsServer = await startTls;
        ImplicitTlsServer = await implicitTls;
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (StartTlsServer is not null)
            await StartTlsServer.DisposeAsync();
        if (ImplicitTlsServer is not null)
            await ImplicitTlsServer.DisposeAsync();
    }

    private static string CreateArtifactsDirectory()
    {
        var path = Path.Combine(RepositoryRoot.Path, "artifacts", "screenshots");
        Directory.CreateDirectory(path);
        return path;
    }
}
