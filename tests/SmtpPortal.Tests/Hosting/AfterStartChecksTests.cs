using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SmtpPortal.Hosting;
using SmtpPortal.Settings;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Hosting;

/// <summary>The checks that run once the portal listens still reach the start-up log.</summary>
public sealed class AfterStartChecksTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly TempFolder _data = new();
    private readonly CapturedLogs _logs = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task AKeyRingThatCannotDecryptTheStoredPasswordIsReportedAfterTheStart()
    {
        await using (var first = new PortalFactory(_data.Path))
        {
            var input = new SmtpSettingsInput
            {
                Host = "smtp.example.com", Port = 587, Username = "mailer", Password = "the secret", FromAddress = "server@example.com",
            };
            Assert.True((await first.Get<SmtpSettingsStore>().SaveAsync(input, null, Ct)).Succeeded);
        }
        foreach (var key in Directory.GetFiles(Path.Combine(_data.Path, "keys")))
            File.Delete(key);

        await using var replaced = StartWithCapturedLogs();
        await ChecksOf(replaced).WaitAsync(Ct);

        var warning = Assert.Single(_logs.Lines, line => line.Contains("SmtpPortal.KeyRing"));
        Assert.StartsWith("Warning", warning);
        Assert.Contains("can't decrypt the current password", warning);
        Assert.DoesNotContain("the secret", string.Concat(_logs.Lines));
    }

    [Fact]
    public async Task ABrokenPresetsFileIsReportedAfterTheStart()
    {
        File.WriteAllText(new DataDirectory(_data.Path).PresetsFile, "{ this is not json");

        await using var portal = StartWithCapturedLogs();
        await ChecksOf(portal).WaitAsync(Ct);

        Assert.Contains(_logs.Lines, line => line.StartsWith("Error") && line.Contains("Operator presets:"));
        Assert.Contains(_logs.Lines, line => line.Contains("Provider catalog:") && line.Contains("presets"));
    }

    [Fact]
    public async Task AHealthyPortalReportsItsCatalogAndNoProblem()
    {
        await using var portal = StartWithCapturedLogs();
        await ChecksOf(portal).WaitAsync(Ct);

        Assert.DoesNotContain(_logs.Lines, line => line.Contains("SmtpPortal.KeyRing") || line.Contains("Operator presets:")
            || line.Contains("start-up check failed") || line.Contains("Static files"));
        Assert.Contains(_logs.Lines, line => line.Contains("Provider catalog:"));
    }

    [Fact]
    public async Task StaticFilesMissingFromTheWebRootAreReportedAfterTheStart()
    {
        // Outside Development nothing maps the package assets (MudBlazor's, the framework's) into
        // the project's source wwwroot: the same gap as a published portal whose files are elsewhere.
        await using var portal = StartWithCapturedLogs(new() { ["environment"] = "Production" });
        await ChecksOf(portal).WaitAsync(Ct);

        var error = Assert.Single(_logs.Lines, line => line.Contains("Static files"));
        Assert.StartsWith("Error", error);
        Assert.Contains("missing or empty in the web root " + RepositoryFiles.PathOf("src/SmtpPortal/wwwroot"), error);
        Assert.Contains("_content/MudBlazor/MudBlazor.min.", error);
    }

    private PortalFactory StartWithCapturedLogs(Dictionary<string, string?>? settings = null) =>
        new(_data.Path, settings) { TestServices = services => services.AddSingleton<ILoggerProvider>(_logs) };


    private static Task ChecksOf(PortalFactory portal) =>
        portal.Services.GetServices<IHostedService>().OfType<AfterStartChecks>().Single().Finished;
}
