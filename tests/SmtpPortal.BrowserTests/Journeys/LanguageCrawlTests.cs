using SmtpPortal.BrowserTests.Infrastructure;
using SmtpPortal.Providers;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.BrowserTests.Journeys;

/// <summary>
/// A new admin whose browser speaks Chinese (or English) walks every page and every state of the
/// settings page (<see cref="LanguageCrawl"/>); every line they see must be in their language.
/// In Chinese, Latin letters only for names that stay as they are (<see cref="LanguageCheck.Names"/>,
/// the catalog's provider names, host names, addresses, code); in English, no Chinese outside the
/// providers' notes. The failure lists each line with the page, the state and where it sits.
/// </summary>
public sealed class LanguageCrawlTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en-US")]
    public async Task EveryPageAndStateSpeaksTheBrowsersLanguage(string locale)
    {
        await using var dns = TestDnsServer.Start()
            .Mx("company.example", "smtp.google.com")
            .Txt("company.example", "v=spf1 mx ~all")
            .Txt("_dmarc.company.example", "v=DMARC1; p=reject");
        await using var portal = new PortalServer(dns.Configuration);
        await using var context = await browser.Browser.NewContextAsync(new()
        {
            Locale = locale,
            TimezoneId = "Asia/Shanghai",
            ViewportSize = new() { Width = 1280, Height = 900 },
        });
        var page = await context.NewPageAsync();
        var seen = new List<(string State, VisibleLine Line)>();
        var zoneShown = new List<string>();

        await new LanguageCrawl(page, portal, browser.StartTlsServer, async state =>
        {
            var lines = await VisibleText.ReadAsync(page);
            Assert.True(lines.Count > 3, $"{state}: the page shows almost nothing ({string.Join(" | ", lines.Select(l => l.Text))})");
            Assert.StartsWith(locale[..2], await page.EvaluateAsync<string>("() => document.documentElement.lang"));
            seen.AddRange(lines.Select(l => (state, l)));
            if (lines.Any(l => l.Text.Contains("UTC+8", StringComparison.Ordinal)))
                zoneShown.Add(state);
        }).RunAsync();

        var names = ProviderCatalog.LoadShipped().All.Select(p => p.Name).Concat(LanguageCrawl.TypedData);
        var failures = seen.GroupBy(s => s.State)
            .SelectMany(state => LanguageCheck.Violations(state.Select(s => s.Line), locale, names).Select(line => $"[{state.Key}] {line}"))
            .Distinct().ToList();
        var report = Path.Combine(BrowserFixture.ArtifactsDirectory, $"language-crawl-{locale}.txt");
        await File.WriteAllLinesAsync(report, [$"{seen.Count} lines in {seen.Select(s => s.State).Distinct().Count()} pages and states; {failures.Count} not in {locale}:", .. failures], TestContext.Current.CancellationToken);

        Assert.Contains("Dashboard", zoneShown);
        Assert.Contains("History", zoneShown);
        Assert.True(failures.Count == 0, $"{failures.Count} of {seen.Count} lines are not in {locale} (also in {report}):\n{string.Join("\n", failures)}");
    }
}
