using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using SmtpPortal.Bench.Infrastructure;

namespace SmtpPortal.Bench.Harnesses;

/// <summary>
/// Figure 6: bytes on the wire for a first visit (empty cache) with Accept-Encoding: br — the page
/// and every stylesheet, script and icon it names — against the bare template carrying MudBlazor's
/// stylesheet and script. Also checks that every static asset the portal publishes is fingerprinted
/// and precompressed (br and gzip), and that the pages really get the brotli files, cacheable forever.
/// </summary>
public sealed partial class PageWeightHarness(PublishedApps apps, Report report)
{
    private static readonly HashSet<string> Compressible = [".css", ".js", ".mjs", ".json", ".svg", ".html", ".txt", ".map", ".xml", ".ico"];

    private sealed record Visit(long Bytes, List<string> Lines, List<string> Problems);

    public async Task RunAsync()
    {
        Console.WriteLine("Page weight: first visits with brotli…");
        Visit reference;
        await using (var bare = await RunningApp.StartAsync(apps.BareWithMudExecutable, "/", new Dictionary<string, string>(), TimeSpan.FromMinutes(2)))
        {
            using var http = RunningApp.NewClient();
            reference = await VisitAsync(http, bare.BaseUrl, "/", checkAssets: false);
        }

        Visit signIn, settings;
        var data = apps.NewDataDirectory();
        await using (var portal = await RunningApp.StartAsync(apps.PortalExecutable, "/signin",
            new Dictionary<string, string> { ["SmtpPortal__DataDirectory"] = data }, TimeSpan.FromMinutes(2)))
        {
            using (var anonymous = RunningApp.NewClient())
                signIn = await VisitAsync(anonymous, portal.BaseUrl, "/signin", checkAssets: true);
            using var signedIn = await PortalForms.SignInAsync(portal.BaseUrl);
            settings = await VisitAsync(signedIn, portal.BaseUrl, "/settings", checkAssets: true);
        }

        const string detail = "HTML + every asset it names, brotli; circuit traffic not counted";
        report.Add(new Figure("6a. Page weight, first visit to /signin", "KB", signIn.Bytes / 1024d, reference.Bytes / 1024d,
            1.10, TargetKind.RatioAtMost, detail));
        report.Add(new Figure("6b. Page weight, first visit to /settings", "KB", settings.Bytes / 1024d, reference.Bytes / 1024d,
            1.10, TargetKind.RatioAtMost, detail));

        var manifestProblems = CheckPublishedAssets(apps.PortalDirectory);
        var problems = signIn.Problems.Concat(settings.Problems).Concat(manifestProblems).Distinct().ToList();
        report.Add(new Figure("6c. Static assets not fingerprinted, precompressed or served as brotli", "assets",
            problems.Count, null, 0, TargetKind.AtMost, string.Join("; ", problems)));
        report.Note("6. Page weight: what was fetched",
            "Bytes are response bodies as sent (compressed where the server compressed them); headers are not counted. "
            + "The /settings page then opens its circuit (a WebSocket of binary render batches), which neither side of the "
            + "comparison counts: the reference's home page is static.\n\n"
            + Table("bare template + MudBlazor's css and js, /", reference)
            + Table("SmtpPortal /signin", signIn)
            + Table("SmtpPortal /settings (signed in)", settings)
            + (problems.Count == 0
                ? "Every static asset in the portal's publish output has a fingerprinted route and .br and .gz files; every asset the two pages load came as brotli with `Cache-Control: …immutable`."
                : "Problems:\n\n" + string.Join('\n', problems.Select(p => $"- {p}"))));
    }

    private static string Table(string title, Visit visit) =>
        $"**{title}**: {visit.Bytes / 1024d:0.0} KB\n\n| resource | bytes | encoding |\n|---|---|---|\n{string.Join('\n', visit.Lines)}\n\n";

    private static async Task<Visit> VisitAsync(HttpClient http, string baseUrl, string path, bool checkAssets)
    {
        var lines = new List<string>();
        var problems = new List<string>();
        var html = await FetchAsync(http, baseUrl + path, path, lines, problems, isAsset: false, checkAssets);
        var assets = AssetReference().Matches(html).Select(m => m.Groups["url"].Value)
            .Concat(JsInitializers(html))
            .Select(url => url.StartsWith('/') ? url : "/" + url)
            .Distinct();
        long total = 0;
        foreach (var asset in assets)
            await FetchAsync(http, baseUrl + asset, asset, lines, problems, isAsset: true, checkAssets);
        total = lines.Sum(l => long.Parse(l.Split('|')[2].Trim()));
        return new Visit(total, lines, problems);
    }

    private static async Task<string> FetchAsync(
        HttpClient http, string url, string label, List<string> lines, List<string> problems, bool isAsset, bool checkAssets)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "br");
        using var response = await http.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"GET {label} answered {(int)response.StatusCode}.");
        var body = await response.Content.ReadAsByteArrayAsync();
        var encoding = string.Join(",", response.Content.Headers.ContentEncoding);
        lines.Add($"| `{label}` | {body.Length} | {(encoding.Length == 0 ? "none" : encoding)} |");
        if (isAsset && checkAssets)
        {
            var file = Path.GetFileName(new Uri(url).AbsolutePath);
            if (!Fingerprinted().IsMatch(file))
                problems.Add($"{label} is not fingerprinted");
            if (Compressible.Contains(Path.GetExtension(file)) && encoding != "br")
                problems.Add($"{label} came {(encoding.Length == 0 ? "uncompressed" : encoding)}, not brotli");
            if (response.Headers.CacheControl?.ToString().Contains("immutable", StringComparison.Ordinal) != true)
                problems.Add($"{label} is not cacheable as immutable (Cache-Control: {response.Headers.CacheControl?.ToString() ?? "none"})");
        }
        return isAsset ? "" : System.Text.Encoding.UTF8.GetString(body);
    }

    /// <summary>Scripts blazor.web.js imports at start, listed in a comment of the page.</summary>
    private static IEnumerable<string> JsInitializers(string html)
    {
        var match = Initializers().Match(html);
        if (!match.Success)
            return [];
        var json = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(match.Groups[1].Value));
        return JsonSerializer.Deserialize<string[]>(json) ?? [];
    }

    /// <summary>Every file under the published wwwroot must have a fingerprinted route and, where
    /// compression helps, precompressed .br and .gz variants (MapStaticAssets serves those).</summary>
    private static List<string> CheckPublishedAssets(string publishDirectory)
    {
        var problems = new List<string>();
        var wwwroot = Path.Combine(publishDirectory, "wwwroot");
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(publishDirectory, "SmtpPortal.staticwebassets.endpoints.json")));
        var endpoints = manifest.RootElement.GetProperty("Endpoints").EnumerateArray().ToList();
        var fingerprintedLabels = endpoints
            .SelectMany(e => e.GetProperty("EndpointProperties").EnumerateArray())
            .Where(p => p.GetProperty("Name").GetString() == "label")
            .Select(p => p.GetProperty("Value").GetString())
            .ToHashSet();
        foreach (var file in Directory.EnumerateFiles(wwwroot, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(wwwroot, file).Replace('\\', '/');
            var extension = Path.GetExtension(file);
            if (extension is ".br" or ".gz" || extension == ".map")
                continue;
            if (!fingerprintedLabels.Contains(relative))
                problems.Add($"wwwroot/{relative} has no fingerprinted route");
            if (Compressible.Contains(extension) && (!File.Exists(file + ".br") || !File.Exists(file + ".gz")))
                problems.Add($"wwwroot/{relative} is not precompressed (.br and .gz)");
        }
        return problems;
    }

    [GeneratedRegex("<(?:link[^>]*\\bhref|script[^>]*\\bsrc)=\"(?<url>[^\"]+)\"")]
    private static partial Regex AssetReference();

    [GeneratedRegex("<!--Blazor-Web-Initializers:([A-Za-z0-9+/=]+)-->")]
    private static partial Regex Initializers();

    /// <summary>MapStaticAssets' fingerprint: name.{10 lowercase letters or digits}.ext.</summary>
    [GeneratedRegex("\\.[a-z0-9]{10}\\.[A-Za-z0-9]+$")]
    private static partial Regex Fingerprinted();
}
