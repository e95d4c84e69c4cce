using Microsoft.Playwright;
using SmtpPortal.Bench.Infrastructure;

namespace SmtpPortal.Bench.Harnesses;

/// <summary>
/// Figure 3: many idle signed-in circuits, then some of them clicking. Real Chromium pages hold the
/// circuits (Blazor Server's own client, no imitation of its protocol). Memory per circuit is the
/// server's RSS growth from one circuit to all of them, divided by the added circuits. The UI event is
/// a server round trip measured in the page: click → event sent → server renders → DOM changed.
/// The bare template's Counter page is measured the same way for comparison.
/// </summary>
public sealed class CircuitsHarness(BenchSettings settings, PublishedApps apps, Report report)
{
    private const int PagesPerContext = 20;

    private sealed record AppUnderTest(string Name, string Executable, string ReadyPath, string Path, bool SignIn,
        string ClickSelector, string ChangedSelector, Func<IPage, Task> WaitInteractive);

    private sealed record Outcome(
        double PerCircuitKb, double LivePerCircuitKb, double BaselineMb, double LoadedMb, List<double> RoundTripsMs, int Failed,
        HeapSnapshot HeapBefore, HeapSnapshot HeapAfter);

    public async Task RunAsync()
    {
        Console.WriteLine($"Circuits: {settings.Circuits} per app, {settings.ClickingCircuits} clicking {settings.ClicksPerCircuit}× each…");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });

        var portal = new AppUnderTest("SmtpPortal Dashboard", apps.PortalExecutable, "/signin", "/", SignIn: true,
            "button[aria-label='Show or hide navigation']", ".mud-drawer",
            page => page.WaitForSelectorAsync("[data-interactive='true']"));
        var bare = new AppUnderTest("bare template Counter", apps.BareExecutable, "/", "/counter", SignIn: false,
            "button.btn-primary", "p[role='status']", WaitForCounterCircuitAsync);

        var portalOutcome = await MeasureAsync(browser, portal);
        var bareOutcome = await MeasureAsync(browser, bare);

        report.Add(new Figure($"3a. Server memory per idle circuit ({settings.Circuits} circuits)", "KB",
            portalOutcome.PerCircuitKb, bareOutcome.PerCircuitKb, 250, TargetKind.AtMost, "RSS growth / added circuits"));
        report.Add(new Figure("3a′. Live managed heap per idle circuit (after a full GC)", "KB",
            portalOutcome.LivePerCircuitKb, bareOutcome.LivePerCircuitKb, 250, TargetKind.AtMost, "dotnet gcdump, all circuits vs one"));
        report.Add(new Figure($"3b. UI event round trip p95, {settings.ClickingCircuits} circuits clicking", "ms",
            Stats.Percentile(portalOutcome.RoundTripsMs, 95), Stats.Percentile(bareOutcome.RoundTripsMs, 95), 50, TargetKind.AtMost,
            "click → DOM updated, measured in the page"));
        report.Note("3. Circuits",
            $"{settings.Circuits} pages per app in Chromium, {PagesPerContext} per browser context (the portal's contexts each "
            + $"signed in through the form), left idle 3 s before reading RSS; the live heap is read with `dotnet gcdump` (a full GC) after RSS. Then {settings.ClickingCircuits} of them click "
            + $"{settings.ClicksPerCircuit}× each, concurrently, 20–60 ms apart. The portal's event toggles the navigation drawer "
            + "(MudBlazor's MudDrawer re-renders); the template's is the Counter button.\n\n"
            + "| app | RSS 1 circuit (MB) | RSS all circuits (MB) | RSS per circuit (KB) | live heap per circuit (KB) | round trip median (ms) | p95 (ms) | max (ms) | failed clicks |\n|---|---|---|---|---|---|---|---|---|\n"
            + Row("SmtpPortal Dashboard", portalOutcome) + Row("bare template Counter", bareOutcome));
    }

    private static string Row(string name, Outcome o) =>
        $"| {name} | {o.BaselineMb:0.0} | {o.LoadedMb:0.0} | {o.PerCircuitKb:0} | {o.LivePerCircuitKb:0} | {Stats.Median(o.RoundTripsMs):0.0} | "
        + $"{Stats.Percentile(o.RoundTripsMs, 95):0.0} | {o.RoundTripsMs.DefaultIfEmpty(double.NaN).Max():0.0} | {o.Failed} |\n";

    private async Task<Outcome> MeasureAsync(IBrowser browser, AppUnderTest app)
    {
        var data = apps.NewDataDirectory();
        var environment = new Dictionary<string, string> { ["SmtpPortal__DataDirectory"] = data };
        await using var server = await RunningApp.StartAsync(app.Executable, app.ReadyPath, environment, TimeSpan.FromMinutes(2));
        var contexts = new List<IBrowserContext>();
        try
        {
            var pages = new List<IPage>();
            var first = await browser.NewContextAsync();
            contexts.Add(first);
            pages.Add(await OpenAsync(first, server.BaseUrl, app, signIn: app.SignIn));
            // The first snapshot leaves the runtime's event-pipe metadata behind; the second is the baseline.
            await HeapSnapshot.TakeAsync(settings.RepositoryRoot, server.ProcessId);
            var heapBefore = await HeapSnapshot.TakeAsync(settings.RepositoryRoot, server.ProcessId);
            await IdleAsync();
            var baseline = server.ResidentBytes();

            // The rest, one context per 20 pages (the first context already holds one), the
            // contexts in parallel, each opening its pages one by one.
            var chunks = Enumerable.Range(0, (settings.Circuits + PagesPerContext - 1) / PagesPerContext)
                .Select(index => Math.Min(PagesPerContext, settings.Circuits - (index * PagesPerContext))).ToList();
            var opened = await Task.WhenAll(chunks.Select(async (count, index) =>
            {
                var context = index == 0 ? first : await browser.NewContextAsync();
                if (index > 0)
                {
                    lock (contexts)
                        contexts.Add(context);
                }
                var mine = new List<IPage>();
                for (var i = index == 0 ? 1 : 0; i < count; i++)
                    mine.Add(await OpenAsync(context, server.BaseUrl, app, signIn: app.SignIn && index > 0 && i == 0));
                return mine;
            }));
            pages.AddRange(opened.SelectMany(p => p));
            await IdleAsync();
            var loaded = server.ResidentBytes();
            var heapAfter = await HeapSnapshot.TakeAsync(settings.RepositoryRoot, server.ProcessId);
            var added = Math.Max(1, settings.Circuits - 1);
            var perCircuitKb = (loaded - baseline) / 1024d / added;
            var livePerCircuitKb = (heapAfter.Bytes - heapBefore.Bytes) / 1024d / added;

            var clicking = pages.Take(settings.ClickingCircuits).ToList();
            var results = await Task.WhenAll(clicking.Select(page => ClickRepeatedlyAsync(page, app)));
            var roundTrips = results.SelectMany(r => r).Where(ms => ms >= 0).ToList();
            var failed = results.SelectMany(r => r).Count(ms => ms < 0);
            return new Outcome(perCircuitKb, livePerCircuitKb, baseline / 1048576d, loaded / 1048576d, roundTrips, failed,
                heapBefore, heapAfter);
        }
        finally
        {
            foreach (var context in contexts)
                await context.DisposeAsync();
        }
    }

    private static async Task<IPage> OpenAsync(IBrowserContext context, string baseUrl, AppUnderTest app, bool signIn)
    {
        var page = await context.NewPageAsync();
        // Generous: on a loaded machine a page of MudBlazor can take a while; only the circuit matters.
        page.SetDefaultTimeout(120_000);
        var committed = new PageGotoOptions { WaitUntil = WaitUntilState.Commit };
        if (signIn)
        {
            await page.GotoAsync(baseUrl + "/signin");
            await page.GetByLabel("User name or email", new() { Exact = true }).FillAsync(PortalForms.AdminName);
            await page.GetByLabel("Password", new() { Exact = true }).FillAsync(PortalForms.AdminPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await page.WaitForURLAsync(baseUrl + app.Path, new() { WaitUntil = WaitUntilState.Commit });
        }
        else
        {
            await page.GotoAsync(baseUrl + app.Path, committed);
        }
        await app.WaitInteractive(page);
        return page;
    }

    /// <summary>The template's Counter has no "interactive" marker: click until the count moves.</summary>
    private static async Task WaitForCounterCircuitAsync(IPage page)
    {
        for (var attempt = 0; attempt < 400; attempt++)
        {
            await page.ClickAsync("button.btn-primary");
            try
            {
                await page.WaitForSelectorAsync("p[role='status']:not(:text-is('Current count: 0'))", new() { Timeout = 250 });
                return;
            }
            catch (TimeoutException)
            {
            }
        }
        throw new InvalidOperationException("The Counter page never became interactive.");
    }

    /// <summary>Clicks, and times in the page from the click to the DOM change the server's render
    /// batch makes; -1 for a click that changed nothing within 10 s.</summary>
    private async Task<List<double>> ClickRepeatedlyAsync(IPage page, AppUnderTest app)
    {
        var samples = new List<double>();
        for (var i = 0; i < settings.ClicksPerCircuit; i++)
        {
            samples.Add(await page.EvaluateAsync<double>(
                """
                ([buttonSelector, changedSelector]) => new Promise(resolve => {
                    const button = document.querySelector(buttonSelector);
                    const changed = document.querySelector(changedSelector);
                    const timer = setTimeout(() => { observer.disconnect(); resolve(-1); }, 10000);
                    const observer = new MutationObserver(() => {
                        observer.disconnect();
                        clearTimeout(timer);
                        resolve(performance.now() - started);
                    });
                    observer.observe(changed, { attributes: true, childList: true, characterData: true, subtree: true });
                    const started = performance.now();
                    button.click();
                })
                """, new[] { app.ClickSelector, app.ChangedSelector }));
            await Task.Delay(Random.Shared.Next(20, 60));
        }
        return samples;
    }

    private Task IdleAsync() => Task.Delay(settings.Smoke ? TimeSpan.FromMilliseconds(300) : TimeSpan.FromSeconds(3));
}
