using System.IO.Compression;
using System.Net;
using System.Text.RegularExpressions;
using SmtpPortal.Data;
using SmtpPortal.History;
using SmtpPortal.Settings;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Data;

/// <summary>The backup download over HTTP, as a signed-in admin's browser does it.</summary>
public sealed partial class BackupEndpointTests : IDisposable
{
    private const string AdminPassword = "a long enough password";
    private readonly TempFolder _data = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task ASignedInAdminDownloadsAZipWithTheDatabaseAndKeysAndNeitherActionWorksWithoutTheAntiforgeryToken()
    {
        await using var portal = new PortalFactory(_data.Path);
        await portal.CreateAdminAsync(password: AdminPassword);
        await using (var server = LocalSmtpServer.Plain())
            Assert.True((await portal.Get<SmtpSettingsStore>().SaveAsync(LocalSettings.For(server), null, Ct)).Succeeded);
        using var client = portal.CreateNonRedirectingClient();
        await SignInAsync(client);

        var withoutToken = await client.PostAsync("/backup/download", new FormUrlEncodedContent([]), Ct);
        using var upload = new MultipartFormDataContent { { new ByteArrayContent("not a zip"u8.ToArray()), "file", "backup.zip" } };
        var restoreWithoutToken = await client.PostAsync("/backup/restore", upload, Ct);
        var token = await AntiforgeryTokenAsync(client, "/backup");
        var download = await client.PostAsync("/backup/download",
            new FormUrlEncodedContent([new("__RequestVerificationToken", token)]), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, restoreWithoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/zip", download.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("smtpportal-backup-", download.Content.Headers.ContentDisposition!.FileName!.Trim('"'));
        using var zip = new ZipArchive(await download.Content.ReadAsStreamAsync(Ct));
        Assert.NotNull(zip.GetEntry(PortalBackup.DatabaseEntry));
        Assert.Contains(zip.Entries, e => e.FullName.StartsWith(PortalBackup.KeysFolder, StringComparison.Ordinal));
        var recorded = await portal.Get<AuditLog>().FindAsync(new AuditFilter(AuditAction.BackupDownloaded), Ct);
        Assert.Equal("admin", Assert.Single(recorded).Actor);
    }

    private static async Task SignInAsync(HttpClient client)
    {
        var token = await AntiforgeryTokenAsync(client, "/signin");
        var response = await client.PostAsync("/signin", new FormUrlEncodedContent(
        [
            new("_handler", "signin"),
            new("__RequestVerificationToken", token),
            new("Input.UserName", "admin"),
            new("Input.Password", AdminPassword),
        ]), Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private static async Task<string> AntiforgeryTokenAsync(HttpClient client, string path)
    {
        var html = await client.GetStringAsync(path, Ct);
        return WebUtility.HtmlDecode(TokenField().Match(html).Groups[1].Value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
