using Microsoft.Playwright;
using SmtpPortal.Bench.Infrastructure;

namespace SmtpPortal.Bench.Harnesses;

/// <summary>How a real browser finds, waits for and watches the element the circuits click.</summary>
/// <param name="ClickSelector">the element clicked</param>
/// <param name="ChangedSelector">the element whose DOM the server's render batch changes</param>
/// <param name="SignIn">whether the page needs the portal's sign-in form first</param>
public sealed record BrowserClick(string ClickSelector, string ChangedSelector, bool SignIn, Func<IPage, Task> WaitInteractive);

/// <summary>
/// The secondary 3b row, "with a real browser": one Chromium page on the same server, clicking the
/// same element while the other circuits sit idle, timed in the page from <c>click()</c> to the DOM
/// change the render batch makes (a MutationObserver). One page, not twenty: with twenty Chromium
/// pages on the server's two cores the browsers' own CPU dominated the figure (the template's trivial
/// Counter got a 46 ms p95), which is why the primary row uses <see cref="BlazorCircuitClient"/>.
/// </summary>
public sealed class BrowserRoundTrip : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private BrowserRoundTrip(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    public static async Task<BrowserRoundTrip> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            // Debian's Chromium, or the browser SMTPPORTAL_BROWSER names (as in the browser tests and CI).
            ExecutablePath = Environment.GetEnvironmentVariable("SMTPPORTAL_BROWSER") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
        return new BrowserRoundTrip(playwright, browser);
    }

    /// <summary>Opens <paramref name="path"/> in a fresh context and clicks <paramref name="clicks"/> times,
    /// 20–60 ms apart; each sample in ms, -1 for a click that changed nothing within 10 s.</summary>
    public async Task<List<double>> ClickAsync(string baseUrl, string path, BrowserClick click, int clicks)
    {
        await using var context = await _browser.NewContextAsync();
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(120_000);
        if (click.SignIn)
        {
            await page.GotoAsync(baseUrl + "/signin");
            await page.GetByLabel("User name or email", new() { Exact = true }).FillAsync(PortalForms.AdminName);
            await page.GetByLabel("Password", new() { Exact = true }).FillAsync(PortalForms.AdminPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            // Not WaitForURLAsync: when the URL already matches it also waits for a load state, and
            // after Blazor's redirect that wait missed its event under load (a 120 s timeout in CI).
            await Assertions.Expect(page).ToHaveURLAsync(baseUrl + path, new() { Timeout = 120_000 });
        }
        else
        {
            await page.GotoAsync(baseUrl + path, new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        }
        await click.WaitInteractive(page);

        var samples = new List<double>();
        for (var i = 0; i < clicks; i++)
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
                """, new[] { click.ClickSelector, click.ChangedSelector }));
            await Task.Delay(Random.Shared.Next(20, 60));
        }
        return samples;
    }

    /// <summary>The template's Counter has no "interactive" marker: click until the count moves.</summary>
    public static async Task WaitForCounterCircuitAsync(IPage page)
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

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
