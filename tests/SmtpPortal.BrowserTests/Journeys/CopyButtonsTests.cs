using Microsoft.Extensions.DependencyInjection;
using SmtpPortal.BrowserTests.Infrastructure;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;

namespace SmtpPortal.BrowserTests.Journeys;

/// <summary>Every Copy button copies what the page shows, also where navigator.clipboard does not
/// exist: the portal opened over plain HTTP by a name other than localhost.</summary>
public sealed class CopyButtonsTests(BrowserFixture browser)
{
    [Fact]
    public async Task EveryCopyButtonCopiesTheShownTextOverPlainHttp()
    {
        await using var session = await SignedInSession.StartAsync(browser.Browser, overPlainHttpName: true);
        var page = session.Page;
        Assert.False(await page.EvaluateAsync<bool>("() => window.isSecureContext"));
        Assert.True(await page.EvaluateAsync<bool>("() => navigator.clipboard === undefined"));
        // Nothing listens on this port: the saved settings only have to exist, and a check fails at once.
        var saved = await session.Portal.Services.GetRequiredService<SmtpSettingsStore>().SaveAsync(new SmtpSettingsInput
        {
            Host = "127.0.0.1", Port = FreePort(), Security = SecurityMode.StartTls, Username = "copy@example.test",
            Password = "copied secret", FromAddress = "copy@example.test",
        }, null, TestContext.Current.CancellationToken);
        Assert.True(saved.Succeeded);
        var clipboard = await ClipboardReaderAsync(session);

        await page.GotoAsync(session.BaseUrl + "/export");
        await page.Locator(".mud-layout[data-interactive=true]").WaitForAsync();
        var tabs = page.Locator(".mud-tab");
        Assert.Equal(10, await tabs.CountAsync());
        string? previous = null;
        for (var i = 0; i < await tabs.CountAsync(); i++)
        {
            var name = (await tabs.Nth(i).TextContentAsync() ?? "").Trim();
            await tabs.Nth(i).ClickAsync();
            // The tab's text replaces the previous one's only once the server has rendered it.
            if (previous is not null)
                await Assertions.Expect(page.Locator(".export-text")).Not.ToHaveAttributeAsync("data-format", previous);
            previous = await page.Locator(".export-text").GetAttributeAsync("data-format");
            var shown = await page.Locator(".export-text").InnerTextAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Copy", Exact = true }).ClickAsync();
            await Assertions.Expect(page.Locator(".mud-snackbar", new() { HasText = $"{name} copied" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
            Assert.Equal(shown.Trim(), (await clipboard()).Trim());
        }

        await page.GotoAsync(session.BaseUrl + "/api-tokens");
        await page.Locator(".mud-layout[data-interactive=true]").WaitForAsync();
        await page.Locator("#token-name").FillAsync("copy test");
        // The scope's name, then what it allows: "read Read the settings…".
        await page.GetByRole(AriaRole.Checkbox, new() { NameRegex = new System.Text.RegularExpressions.Regex("^read ") }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        var token = await page.Locator(".token-secret input").InputValueAsync();
        await page.Locator(".new-token").GetByRole(AriaRole.Button, new() { Name = "Copy", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-snackbar").Last).ToContainTextAsync("Token copied");
        Assert.StartsWith("spt_", token);
        Assert.Equal(token, await clipboard());

        await page.GotoAsync(session.BaseUrl + "/settings");
        await page.Locator(".mud-layout[data-interactive=true]").WaitForAsync();
        await page.Locator("#check-connection").ClickAsync();
        await page.Locator("#test-result").WaitForAsync(new() { Timeout = 30_000 });
        await page.Locator("#transcript-panel").ClickAsync();
        await Assertions.Expect(page.Locator("#transcript")).ToBeVisibleAsync();
        var transcript = await page.Locator("#transcript").TextContentAsync() ?? "";
        await page.Locator("#copy-transcript").ClickAsync();
        await Assertions.Expect(page.Locator("#copy-transcript")).ToHaveTextAsync("Copied");
        Assert.Equal(transcript.Trim(), (await clipboard()).Trim());
    }

    /// <summary>Reads the browser's clipboard from a page of the same portal at 127.0.0.1 (a
    /// secure context, where reading is allowed once permitted).</summary>
    private static async Task<Func<Task<string>>> ClipboardReaderAsync(SignedInSession session)
    {
        await session.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = session.Portal.BaseUrl });
        var reader = await session.Context.NewPageAsync();
        await reader.GotoAsync(session.Portal.BaseUrl + "/health");
        return async () =>
        {
            await reader.BringToFrontAsync();
            var text = await reader.EvaluateAsync<string>("() => navigator.clipboard.readText()");
            await session.Page.BringToFrontAsync();
            return text;
        };
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
