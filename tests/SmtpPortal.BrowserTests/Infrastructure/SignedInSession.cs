using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SmtpPortal.BrowserTests.Pages;
using SmtpPortal.Security;

namespace SmtpPortal.BrowserTests.Infrastructure;

/// <summary>A portal with one admin (made directly, first-run setup has its own journey) and a
/// browser page signed in through the real sign-in form.</summary>
public sealed class SignedInSession : IAsyncDisposable
{
    public const string AdminName = "admin";
    public const string AdminPassword = "browser admin password";

    private SignedInSession(PortalServer portal, IBrowserContext context, IPage page, string baseUrl)
    {
        Portal = portal;
        Context = context;
        Page = page;
        BaseUrl = baseUrl;
    }

    public PortalServer Portal { get; }

    /// <summary>Where the browser opens the portal: 127.0.0.1, or a plain HTTP name that is no secure context.</summary>
    public string BaseUrl { get; }
    public IBrowserContext Context { get; }
    public IPage Page { get; }

    /// <param name="overPlainHttpName">Open the portal as http://<see cref="BrowserFixture.InsecureHost"/>:port,
    /// as an admin does who types the server's address: not a secure context.</param>
    public static async Task<SignedInSession> StartAsync(IBrowser browser, int width = 1280, int height = 900, string colorScheme = "light",
        IReadOnlyDictionary<string, string?>? settings = null, bool overPlainHttpName = false, string? timeZone = null, string? locale = null)
    {
        var portal = new PortalServer(settings);
        var baseUrl = overPlainHttpName ? portal.BaseUrl.Replace("127.0.0.1", BrowserFixture.InsecureHost, StringComparison.Ordinal) : portal.BaseUrl;
        using (var scope = portal.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>();
            await users.CreateAsync(new AdminUser { UserName = AdminName, Email = "admin@example.test", EmailConfirmed = true }, AdminPassword);
        }
        var context = await browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = width, Height = height },
            ColorScheme = colorScheme == "dark" ? ColorScheme.Dark : ColorScheme.Light,
            TimezoneId = timeZone,
            Locale = locale,
        });
        var page = await context.NewPageAsync();
        var pending = new System.Collections.Concurrent.ConcurrentDictionary<IRequest, byte>();
        page.Request += (_, request) => pending.TryAdd(request, 0);
        page.RequestFinished += (_, request) => pending.TryRemove(request, out byte _);
        page.RequestFailed += (_, request) => pending.TryRemove(request, out byte _);
        await page.GotoAsync(baseUrl + "/signin");
        await new SignInPage(page).SignInAsync(AdminName, AdminPassword);
        try
        {
            // Signed in means the Dashboard shows (in the browser's language); the page's scripts and the circuit are what the
            // next steps wait for (WaitUntilInteractiveAsync), not the document's load event.
            // Not WaitForURLAsync: when the URL already matches it waits for a load state as well, and after
            // the sign-in's redirect that wait missed its event once in a few dozen loaded runs (a red CI).
            await Assertions.Expect(page).ToHaveURLAsync(baseUrl + "/", new() { Timeout = 30_000 });
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { NameRegex = new System.Text.RegularExpressions.Regex("^(Dashboard|概览)$"), Level = 1 }))
                .ToBeVisibleAsync(new() { Timeout = 30_000 });
        }
        catch (Exception timeout) when (timeout is TimeoutException or PlaywrightException)
        {
            // Say where the browser ended up, what it showed and what it still waited for.
            var shown = await page.Locator("body").InnerTextAsync(new() { Timeout = 2000 });
            var state = await page.EvaluateAsync<string>("() => document.readyState");
            var waiting = string.Join(", ", pending.Keys.Select(request => $"{request.Method} {request.Url}"));
            throw new TimeoutException(
                $"Signing in did not reach the Dashboard: the page is {page.Url} ({state}), waits for [{waiting}] and shows: {shown}", timeout);
        }
        return new SignedInSession(portal, context, page, baseUrl);
    }

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        await Portal.DisposeAsync();
    }
}
