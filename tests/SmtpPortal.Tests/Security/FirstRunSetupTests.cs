using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SmtpPortal.Security;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Security;

public sealed partial class FirstRunSetupTests : IDisposable
{
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    private string TokenFile => Path.Combine(_data.Path, "setup-token.txt");

    [Fact]
    public async Task TheSetupTokenIsWrittenOwnerOnlyIntoTheDataDirectory()
    {
        await using var portal = new PortalFactory(_data.Path);
        _ = portal.Services;

        Assert.True(File.Exists(TokenFile));
        Assert.Matches("^[0-9a-f]{32}$", File.ReadAllText(TokenFile).Trim());
        Assert.Matches("^[0-9a-f]{32}\n$", System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(TokenFile)));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(TokenFile));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
                File.GetUnixFileMode(_data.Path));
        }
    }

    [Fact]
    public async Task AWrongTokenCreatesNoAdmin()
    {
        await using var portal = new PortalFactory(_data.Path);
        using var client = portal.CreateNonRedirectingClient();

        var response = await PostSetupAsync(client, token: "not-the-token");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("setup token is not right", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.False(await portal.Get<SetupToken>().IsSetupCompleteAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task TheRightTokenCreatesTheAdminSignsInAndSetupCannotBeReplayed()
    {
        await using var portal = new PortalFactory(_data.Path);
        using var client = portal.CreateNonRedirectingClient();
        var token = File.ReadAllText(TokenFile).Trim();

        var created = await PostSetupAsync(client, token);

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Contains(created.Headers.GetValues("Set-Cookie"), c => c.StartsWith("SmtpPortal.Auth=", StringComparison.Ordinal));
        Assert.False(File.Exists(TokenFile));
        using (var scope = portal.Services.CreateScope())
            Assert.NotNull(await scope.ServiceProvider.GetRequiredService<UserManager<AdminUser>>().FindByNameAsync("firstadmin"));

        using var stranger = portal.CreateNonRedirectingClient();
        var again = await stranger.GetAsync("/setup", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, again.StatusCode);
        var replay = await PostSetupAsync(stranger, token, userName: "intruder");
        Assert.NotEqual(HttpStatusCode.Redirect, replay.StatusCode);
        using var check = portal.Services.CreateScope();
        Assert.Null(await check.ServiceProvider.GetRequiredService<UserManager<AdminUser>>().FindByNameAsync("intruder"));
    }

    [Fact]
    public async Task APasswordShorterThanTwelveCharactersIsRefused()
    {
        await using var portal = new PortalFactory(_data.Path);
        using var client = portal.CreateNonRedirectingClient();

        var response = await PostSetupAsync(client, File.ReadAllText(TokenFile).Trim(), password: "short-pass1");

        Assert.Contains("at least 12 characters", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.False(await portal.Get<SetupToken>().IsSetupCompleteAsync(TestContext.Current.CancellationToken));
    }

    private static async Task<HttpResponseMessage> PostSetupAsync(
        HttpClient client, string token, string userName = "firstadmin", string password = "a long enough password")
    {
        var page = await client.GetAsync("/setup", TestContext.Current.CancellationToken);
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var antiforgery = AntiforgeryField().Match(html);
        var form = new Dictionary<string, string>
        {
            ["_handler"] = "setup",
            ["Input.Token"] = token,
            ["Input.UserName"] = userName,
            ["Input.Email"] = $"{userName}@example.test",
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        };
        if (antiforgery.Success)
            form["__RequestVerificationToken"] = antiforgery.Groups[1].Value;
        return await client.PostAsync("/setup", new FormUrlEncodedContent(form), TestContext.Current.CancellationToken);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
