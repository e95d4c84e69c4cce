using System.Text.RegularExpressions;

namespace SmtpPortal.BrowserTests.Infrastructure;

public static class PageNavigation
{
    /// <summary>Waits until the page's URL matches <paramref name="glob"/> ("**/settings", or a
    /// whole URL). Not <c>IPage.WaitForURLAsync</c>: when the URL already matches, it also waits
    /// for a load state, and after a Blazor redirect or enhanced navigation that wait missed its
    /// event now and then under load. This only polls the URL.</summary>
    public static Task WaitForPathAsync(this IPage page, string glob) =>
        Assertions.Expect(page).ToHaveURLAsync(new Regex("^" + GlobToRegex(glob) + "$"), new() { Timeout = 30_000 });

    private static string GlobToRegex(string glob) =>
        string.Concat(Regex.Split(glob, @"(\*\*|\*)").Select(part => part switch
        {
            "**" => ".*",
            "*" => "[^/]*",
            _ => Regex.Escape(part),
        }));
}
