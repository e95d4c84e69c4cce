using System.Net;
using System.Text.RegularExpressions;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Security;

/// <summary>A signed-in admin's browser must be able to keep MudBlazor's css and js for good: the
/// sign-in cookie's checks (and their renewed cookie with no-cache headers) belong to pages, not files.</summary>
public sealed partial class StaticAssetCachingTests : IDisposable
{
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task ASignedInAdminsStaticFilesStayCacheableForeverAndRenewNoCookie()
    {
        await using var portal = new PortalFactory(_data.Path);
        await portal.CreateAdminAsync();
        using var browser = AdminBrowser.Open(portal);
        await browser.SignInAsync();
        var page = await browser.GetHtmlAsync("/settings");
        var stylesheet = FingerprintedMudBlazorCss().Match(page);
        Assert.True(stylesheet.Success, "the settings page links MudBlazor's fingerprinted stylesheet");

        var response = await browser.GetAsync("/" + stylesheet.Groups[1].Value);

        // The published portal answers "max-age=31536000, immutable"; in a build the asset manifest
        // says "no-cache". Either way no "no-store", and no renewed cookie.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"), "a static file must not renew the sign-in cookie");
        Assert.NotEqual(true, response.Headers.CacheControl?.NoStore);
    }

    [GeneratedRegex("href=\"/?(_content/MudBlazor/MudBlazor\\.min\\.[a-z0-9]{10}\\.css)\"")]
    private static partial Regex FingerprintedMudBlazorCss();
}
