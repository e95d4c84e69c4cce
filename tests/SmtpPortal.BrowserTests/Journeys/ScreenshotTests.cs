using SmtpPortal.BrowserTests.Infrastructure;
using SmtpPortal.BrowserTests.Pages;

namespace SmtpPortal.BrowserTests.Journeys;

/// <summary>Screenshots of each main page in light and dark, in English and in Chinese, saved
/// under artifacts/screenshots; the README's pictures are copied from there.</summary>
public sealed class ScreenshotTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("light", "en-US")]
    [InlineData("dark", "en-US")]
    [InlineData("light", "zh-CN")]
    [InlineData("dark", "zh-CN")]
    public async Task MainPagesRenderInBothThemesAndLanguages(string theme, string locale)
    {
        var suffix = locale == "zh-CN" ? $"zh-{theme}" : theme;
        await using var session = await SignedInSession.StartAsync(browser.Browser, locale: locale, timeZone: "Asia/Shanghai");
        await session.Context.AddCookiesAsync([new Cookie
        {
            Name = "SmtpPortal.Theme", Value = theme, Url = session.Portal.BaseUrl,
        }]);

        var dashboard = new DashboardPage(session.Page);
        await dashboard.OpenAsync(session.Portal.BaseUrl);
        await AssertThemeAsync(session.Page, theme);
        await dashboard.ScreenshotAsync($"dashboard-{suffix}");

        var settings = new SettingsPage(session.Page);
        await settings.OpenAsync(session.Portal.BaseUrl);
        await settings.ChooseProviderAsync("QQ Mail");
        await settings.Page.Mouse.ClickAsync(5, 890);
        await settings.ScreenshotAsync($"settings-qq-{suffix}");

        // The fallback page with a provider of its own filled in and saved (saving does not contact it).
        var fallback = new FallbackPage(session.Page);
        await fallback.OpenAsync(session.Portal.BaseUrl);
        await fallback.ChooseProviderAsync("163", "163 Mail");
        await fallback.FillAsync(null, null, "backup@163.com", "ABCDEFGHIJKLMNOP", "backup@163.com", 10);
        await fallback.SaveAsync();
        await Assertions.Expect(session.Page.Locator(".mud-snackbar")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await fallback.Page.Mouse.ClickAsync(5, 890);
        await fallback.ScreenshotAsync($"fallback-{suffix}");

        await settings.SignOutAsync();
        await AssertThemeAsync(session.Page, theme);
        await session.Page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, $"signin-{suffix}.png") });
    }

    /// <summary>The page background follows the theme: dark pages are dark, light pages light.</summary>
    private static async Task AssertThemeAsync(IPage page, string theme)
    {
        var luminance = await page.EvaluateAsync<double>("""
            () => {
              let el = document.querySelector('.mud-main-content, .account-page');
              const transparent = c => c === 'transparent' || c === 'rgba(0, 0, 0, 0)';
              while (el.parentElement && transparent(getComputedStyle(el).backgroundColor)) el = el.parentElement;
              const [r, g, b] = getComputedStyle(el).backgroundColor.match(/\d+/g).map(Number);
              return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
            }
            """);
        Assert.True(theme == "dark" ? luminance < 0.3 : luminance > 0.7, $"{theme} page has luminance {luminance:0.00}");
    }
}
