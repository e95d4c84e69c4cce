using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace SmtpPortal.Tests.TestSupport;

/// <summary>One browser against the in-process portal: keeps its cookies, follows no redirects
/// (tests look at where they point) and fills the static server-rendered forms the way a browser
/// does, antiforgery token included.</summary>
public sealed partial class AdminBrowser(HttpClient client) : IDisposable
{
    public const string Password = "a long enough password";

    public HttpClient Client { get; } = client;

    public static AdminBrowser Open(PortalFactory portal, string baseAddress = "http://localhost") =>
        new(portal.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            BaseAddress = new Uri(baseAddress),
        }));

    /// <summary>A browser over the network, for a portal started with <see cref="PortalFactory.ListenOnLoopback"/>.</summary>
    public static AdminBrowser Over(Uri address) =>
        new(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = address });

    public Task<HttpResponseMessage> GetAsync(string path) =>
        Client.GetAsync(path, TestContext.Current.CancellationToken);

    public async Task<string> GetHtmlAsync(string path)
    {
        var response = await GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {response.StatusCode}");
        return await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Loads <paramref name="pagePath"/> for its antiforgery token, then posts the form
    /// named <paramref name="formName"/> to <paramref name="postPath"/> (default: the page).</summary>
    public async Task<HttpResponseMessage> SubmitAsync(
        string pagePath, string formName, IDictionary<string, string> fields, string? postPath = null)
    {
        var page = await GetAsync(pagePath);
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return await PostAsync(postPath ?? pagePath, formName, fields, html);
    }

    public async Task<HttpResponseMessage> PostAsync(
        string path, string? formName, IDictionary<string, string> fields, string htmlWithToken)
    {
        var form = new Dictionary<string, string>(fields);
        if (formName is not null)
            form["_handler"] = formName;
        if (AntiforgeryField().Match(htmlWithToken) is { Success: true } token)
            form["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        return await Client.PostAsync(path, new FormUrlEncodedContent(form), TestContext.Current.CancellationToken);
    }

    public Task<HttpResponseMessage> SignInAsync(string userName = "admin", string password = Password, string path = "/signin") =>
        SubmitAsync(path, "signin", new Dictionary<string, string>
        {
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        });

    public static async Task<string> TextOf(HttpResponseMessage response) =>
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

    /// <summary>Path and query of a redirect, whether the app wrote it relative or absolute.</summary>
    public static string RedirectTarget(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"expected a redirect, got {response.StatusCode}");
        return new Uri(new Uri("http://localhost/"), response.Headers.Location!).PathAndQuery;
    }

    public void Dispose() => Client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
