using System.Text.Json;
using Microsoft.Extensions.Options;
using SmtpPortal.Hosting;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Hosting;

public sealed class OperatorConfigurationTests : IDisposable
{
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task AValueInTheRootAppSettingsReachesTheRunningPortal()
    {
        var rootFile = Path.Combine(RepositoryRoot(), "appsettings.json");
        using var json = JsonDocument.Parse(File.ReadAllText(rootFile));
        var configured = json.RootElement.GetProperty("SmtpPortal").GetProperty("SendTimeoutSeconds").GetInt32();

        // The copy beside the program is the root file, byte for byte: there is no second file to drift.
        Assert.Equal(File.ReadAllText(rootFile), File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "appsettings.json")));

        await using var portal = new PortalFactory(_data.Path);
        Assert.Equal(configured, portal.Get<IOptions<SmtpPortalOptions>>().Value.SendTimeoutSeconds);
    }

    [Fact]
    public async Task BadConfigurationStopsTheStartWithTheKeyNamed()
    {
        await using var portal = new PortalFactory(_data.Path,
            new Dictionary<string, string?> { ["SmtpPortal:SendTimeoutSeconds"] = "0" });

        var error = Assert.ThrowsAny<OptionsValidationException>(() => portal.Services);
        Assert.Contains("SendTimeoutSeconds", error.Message);
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "SmtpPortal.sln")))
            folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("SmtpPortal.sln not found above the test output.");
    }
}
