using System.Net;
using SmtpPortal.Bench.Infrastructure;

namespace SmtpPortal.Bench.Harnesses;

/// <summary>
/// Figure 3: many idle signed-in circuits, then some of them clicking. The circuits are held by
/// <see cref="BlazorCircuitClient"/>, which speaks Blazor Server's own protocol without a browser, so
/// the clock and the memory are the server's: 100 Chromium pages on the server's two cores measured
/// mostly Chromium. Memory per circuit is the server's RSS growth from one circuit to all of them,
/// divided by the added circuits. The UI event round trip is timed from sending the click to receiving
/// the render batch it causes. A real browser clicking the same element on one page is the secondary
/// row (<see cref="BrowserRoundTrip"/>). The bare template's Counter page is measured the same way.
/// </summary>
public sealed class CircuitsHarness(BenchSettings settings, PublishedApps apps, Report report)
{
    /// <summary>Circuits per signed-in cookie jar, as the browser harness had 20 pages per browser context.</summary>
    private const int CircuitsPerSignIn = 20;

    private static readonly TimeSpan ClickTimeout = TimeSpan.FromSeconds(10);

    private sealed record AppUnderTest(string Name, string Executable, string ReadyPath, string Path, bool SignIn,
        Func<RenderedElement, bool> IsClickTarget, BrowserClick Browser);

    private sealed record Outcome(
        double PerCircuitKb, double LivePerCircuitKb, double BaselineMb, double LoadedMb, List<double> RoundTripsMs, int Failed,
        List<double> BrowserRoundTripsMs, int BrowserFailed, IReadOnlyCollection<string> JSFunctions);

    public async Task RunAsync()
    {
        Console.WriteLine($"Circuits: {settings.Circuits} per app, {settings.ClickingCircuits} clicking {settings.ClicksPerCircuit}× each…");
        await using var browser = await BrowserRoundTrip.LaunchAsync();

        var portal = new AppUnderTest("SmtpPortal Dashboard", apps.PortalExecutable, "/signin", "/", SignIn: true,
            e => e.Attributes.GetValueOrDefault("aria-label") == "Show or hide navigation",
            new BrowserClick("button[aria-label='Show or hide navigation']", ".mud-drawer", SignIn: true,
                page => page.WaitForSelectorAsync("[data-interactive='true']")));
        var bare = new AppUnderTest("bare template Counter", apps.BareExecutable, "/", "/counter", SignIn: false,
            e => e.Name == "button" && e.Attributes.GetValueOrDefault("class") == "btn btn-primary",
            new BrowserClick("button.btn-primary", "p[role='status']", SignIn: false, BrowserRoundTrip.WaitForCounterCircuitAsync));

        var portalOutcome = await MeasureAsync(browser, portal);
        var bareOutcome = await MeasureAsync(browser, bare);

        report.Add(new Figure($"3a. Server memory per idle circuit ({settings.Circuits} circuits)", "KB",
            portalOutcome.PerCircuitKb, bareOutcome.PerCircuitKb, 250, TargetKind.AtMost, "RSS growth / added circuits"));
        report.Add(new Figure("3a′. Live managed heap per idle circuit (after a full GC)", "KB",
            portalOutcome.LivePerCircuitKb, bareOutcome.LivePerCircuitKb, 250, TargetKind.AtMost, "dotnet gcdump, all circuits vs one"));
        report.Add(new Figure($"3b. UI event server round trip p95, {settings.ClickingCircuits} circuits clicking", "ms",
            Stats.Percentile(portalOutcome.RoundTripsMs, 95), Stats.Percentile(bareOutcome.RoundTripsMs, 95), 50, TargetKind.AtMost,
            "event sent → its render batch received, protocol client without a browser"));
        report.Add(new Figure("3b′. UI event round trip p95 in a real browser (one Chromium page, the rest idle)", "ms",
            Stats.Percentile(portalOutcome.BrowserRoundTripsMs, 95), Stats.Percentile(bareOutcome.BrowserRoundTripsMs, 95), 50,
            TargetKind.AtMost, "click → DOM updated, measured in the page"));
        report.Note("3. Circuits",
            $"{settings.Circuits} circuits per app, held by the bench's Blazor Server protocol client (`Infrastructure/BlazorCircuitClient.cs`: "
            + "the page's prerendered HTML, then /_blazor with the blazorpack protocol as blazor.web.js does it; every render batch "
            + $"acknowledged, every JS interop call answered), {CircuitsPerSignIn} per signed-in cookie jar (each signed in through "
            + "the form); left idle 3 s before reading RSS; the live heap is read with `dotnet gcdump` (a full GC) after RSS. "
            + $"Then {settings.ClickingCircuits} of them click {settings.ClicksPerCircuit}× each, concurrently, 20–60 ms apart, after one "
            + "unmeasured warm-up click (the first event of a process JIT-compiles the event path). The portal's event toggles the "
            + "navigation drawer (MudBlazor's MudDrawer and the layout re-render); the template's is the Counter button. A round "
            + "trip runs from sending the event (`BeginInvokeDotNetFromJS` → `DispatchEventAsync`) to receiving the render batch it "
            + "causes. The browser columns: one more circuit, a Chromium page, clicking "
            + $"{settings.ClicksPerCircuit}× while the others are idle, timed in the page from `click()` to the DOM change. "
            + $"JS functions the portal's circuit called (answered as a 1280×720 browser would): {string.Join(", ", portalOutcome.JSFunctions.Order().Select(f => $"`{f}`"))}.\n\n"
            + "| app | RSS 1 circuit (MB) | RSS all circuits (MB) | RSS per circuit (KB) | live heap per circuit (KB) | round trip median (ms) | p95 (ms) | max (ms) | failed clicks | browser median (ms) | browser p95 (ms) | browser failed |\n"
            + "|---|---|---|---|---|---|---|---|---|---|---|---|\n"
            + Row("SmtpPortal Dashboard", portalOutcome) + Row("bare template Counter", bareOutcome));
    }

    private static string Row(string name, Outcome o) =>
        $"| {name} | {o.BaselineMb:0.0} | {o.LoadedMb:0.0} | {o.PerCircuitKb:0} | {o.LivePerCircuitKb:0} | {Stats.Median(o.RoundTripsMs):0.0} | "
        + $"{Stats.Percentile(o.RoundTripsMs, 95):0.0} | {o.RoundTripsMs.DefaultIfEmpty(double.NaN).Max():0.0} | {o.Failed} | "
        + $"{Stats.Median(o.BrowserRoundTripsMs):0.0} | {Stats.Percentile(o.BrowserRoundTripsMs, 95):0.0} | {o.BrowserFailed} |\n";

    private async Task<Outcome> MeasureAsync(BrowserRoundTrip browser, AppUnderTest app)
    {
        var data = apps.NewDataDirectory();
        var environment = new Dictionary<string, string> { ["SmtpPortal__DataDirectory"] = data };
        await using var server = await RunningApp.StartAsync(app.Executable, app.ReadyPath, environment, TimeSpan.FromMinutes(2));
        var circuits = new List<BlazorCircuitClient>();
        try
        {
            var jars = Enumerable.Range(0, (settings.Circuits + CircuitsPerSignIn - 1) / CircuitsPerSignIn)
                .Select(index => Math.Min(CircuitsPerSignIn, settings.Circuits - (index * CircuitsPerSignIn))).ToList();
            var firstJar = await CookiesAsync(server.BaseUrl, app);
            circuits.Add(await OpenAsync(server.BaseUrl, app, firstJar));
            // The first snapshot leaves the runtime's event-pipe metadata behind; the second is the baseline.
            await HeapSnapshot.TakeAsync(settings.RepositoryRoot, server.ProcessId);
            var heapBefore = await HeapSnapshot.TakeAsync(settings.RepositoryRoot, server.ProcessId);
            await IdleAsync();
            var baseline = server.ResidentBytes();

            // The rest, one cookie jar per 20 circuits (the first jar already holds one), the jars in
            // parallel, each opening its circuits one by one.
            var opened = await Task.WhenAll(jars.Select(async (count, index) =>
            {
                var jar = index == 0 ? firstJar : await CookiesAsync(server.BaseUrl, app);
                var mine = new List<BlazorCircuitClient>();
                for (var i = index == 0 ? 1 : 0; i < count; i++)
                    mine.Add(await OpenAsync(server.BaseUrl, app, jar));
                return mine;
            }));
            circuits.AddRange(opened.SelectMany(c => c));
            await IdleAsync();
            var loaded = server.ResidentBytes();
            var heapAfter = await HeapSnapshot.TakeAsync(settings.RepositoryRoot, server.ProcessId);
            var added = Math.Max(1, settings.Circuits - 1);

            await circuits[0].ClickAsync(ClickTimeout);
            var clicking = circuits.Skip(circuits.Count - settings.ClickingCircuits).ToList();
            var results = await Task.WhenAll(clicking.Select(ClickRepeatedlyAsync));
            var roundTrips = results.SelectMany(r => r).Where(ms => ms >= 0).ToList();
            var failures = circuits.Select(c => c.Failure ?? c.LastEventError).OfType<string>().Distinct().ToList();
            if (failures.Count > 0)
                Console.WriteLine($"  {app.Name}: failures: {string.Join("; ", failures)}\n{server.LastLines()}");

            var browserSamples = await browser.ClickAsync(server.BaseUrl, app.Path, app.Browser, settings.ClicksPerCircuit);
            return new Outcome((loaded - baseline) / 1024d / added, (heapAfter.Bytes - heapBefore.Bytes) / 1024d / added,
                baseline / 1048576d, loaded / 1048576d, roundTrips, results.SelectMany(r => r).Count(ms => ms < 0),
                browserSamples.Where(ms => ms >= 0).ToList(), browserSamples.Count(ms => ms < 0), circuits[0].JSFunctionsCalled);
        }
        finally
        {
            foreach (var circuit in circuits)
                await circuit.DisposeAsync();
        }
    }

    /// <summary>A signed-in cookie jar for the portal; an empty one for the template.</summary>
    private static async Task<CookieContainer> CookiesAsync(string baseUrl, AppUnderTest app) =>
        app.SignIn ? await PortalForms.SignInCookiesAsync(baseUrl) : new CookieContainer();

    /// <summary>Generous: on a loaded machine a page of MudBlazor can take a while; only the circuit matters.</summary>
    private static Task<BlazorCircuitClient> OpenAsync(string baseUrl, AppUnderTest app, CookieContainer cookies) =>
        BlazorCircuitClient.ConnectAsync(baseUrl, app.Path, cookies, app.IsClickTarget, TimeSpan.FromMinutes(2));

    private async Task<List<double>> ClickRepeatedlyAsync(BlazorCircuitClient circuit)
    {
        var samples = new List<double>();
        for (var i = 0; i < settings.ClicksPerCircuit; i++)
        {
            samples.Add(await circuit.ClickAsync(ClickTimeout));
            await Task.Delay(Random.Shared.Next(20, 60));
        }
        return samples;
    }

    private Task IdleAsync() => Task.Delay(settings.Smoke ? TimeSpan.FromMilliseconds(300) : TimeSpan.FromSeconds(3));
}
