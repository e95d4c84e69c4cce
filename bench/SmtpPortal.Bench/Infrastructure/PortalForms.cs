using System.Net;
using System.Text.RegularExpressions;

namespace SmtpPortal.Bench.Infrastructure;

/// <summary>Fills the portal's statically rendered forms over plain HTTP, as a browser without
/// JavaScript would: first-run setup and sign-in. Each form posts its antiforgery token and handler name.</summary>
public static partial class PortalForms
{
    public const string AdminName = "benchadmin";
    public const string AdminEmail = "bench@example.test";
    public const string AdminPassword = "bench admin password 1";

    public static async Task CompleteSetupAsync(string baseUrl, string setupTokenFile)
    {
        using var http = RunningApp.NewClient(new CookieContainer());
        var token = (await File.ReadAllTextAsync(setupTokenFile)).Trim();
        using var response = await PostFormAsync(http, baseUrl + "/setup", new()
        {
            ["Input.Token"] = token,
            ["Input.UserName"] = AdminName,
            ["Input.Email"] = AdminEmail,
            ["Input.Password"] = AdminPassword,
            ["Input.ConfirmPassword"] = AdminPassword,
        });
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"First-run setup did not redirect ({(int)response.StatusCode}).");
    }

    /// <summary>Signs in and returns a client holding the auth cookie.</summary>
    public static async Task<HttpClient> SignInAsync(string baseUrl) =>
        RunningApp.NewClient(await SignInCookiesAsync(baseUrl));

    /// <summary>Signs in and returns the cookies (the auth cookie among them), as one browser profile holds them.</summary>
    public static async Task<CookieContainer> SignInCookiesAsync(string baseUrl)
    {
        var cookies = new CookieContainer();
        using var http = RunningApp.NewClient(cookies);
        using var response = await PostFormAsync(http, baseUrl + "/signin", new()
        {
            ["Input.UserName"] = AdminName,
            ["Input.Password"] = AdminPassword,
        });
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Sign-in did not redirect ({(int)response.StatusCode}).");
        return cookies;
    }

    /// <summary>GETs the form page, then posts the fields with the page's handler and token.</summary>
    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient http, string url, Dictionary<string, string> fields)
    {
        var page = await http.GetStringAsync(url);
        fields["_handler"] = HiddenValue(page, "_handler");
        fields["__RequestVerificationToken"] = HiddenValue(page, "__RequestVerificationToken");
        return await http.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    private static string HiddenValue(string html, string name)
    {
        foreach (Match input in InputTag().Matches(html))
        {
            if (!input.Value.Contains($"name=\"{name}\"", StringComparison.Ordinal))
                continue;
            var value = ValueAttribute().Match(input.Value);
            if (value.Success)
                return WebUtility.HtmlDecode(value.Groups[1].Value);
        }
        throw new InvalidOperationException($"The form has no hidden field {name}.");
    }

    [GeneratedRegex("<input[^>]*>")]
    private static partial Regex InputTag();

    [GeneratedRegex("value=\"([^\"]*)\"")]
    private static partial Regex ValueAttribute();
}
