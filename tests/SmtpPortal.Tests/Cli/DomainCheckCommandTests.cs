using System.Text.Json;
using SmtpPortal.Cli;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Cli;

/// <summary><c>domain-check</c> against a DNS server of the tests: the same verdicts as the page, in English.</summary>
public sealed class DomainCheckCommandTests : IDisposable
{
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    private async Task<(int ExitCode, string Out, string Error)> RunAsync(TestDnsServer dns, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var configuration = dns.Configuration;
        configuration["SmtpPortal:DataDirectory"] = _data.Path;
        var exit = await PortalCommandLine.RunAsync(args, new CliConsole(output, error, new MemoryStream()), configuration,
            TestContext.Current.CancellationToken);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task AProblemIsPrintedWithTheRecordToAddAndExitCode1()
    {
        await using var dns = TestDnsServer.Start().Txt("example.com", "v=spf1 mx ~all").Txt("_dmarc.example.com", "v=DMARC1; p=reject");

        var (exit, output, _) = await RunAsync(dns, "domain-check", "--from", "noreply@example.com", "--preset", "microsoft365");

        Assert.Equal(ExitCodes.TestFailed, exit);
        Assert.Contains("From domain: example.com (preset: microsoft365)", output);
        Assert.Contains("SPF   Problem  The SPF record does not authorize Microsoft 365 / Exchange Online", output);
        Assert.Contains("add:   example.com  TXT  \"v=spf1 mx include:spf.protection.outlook.com ~all\"", output);
        Assert.Contains("DMARC Problem  DMARC at _dmarc.example.com is p=reject", output);
    }

    [Fact]
    public async Task JsonHasTheApisShapeAndExitCode0WhenAllIsWell()
    {
        await using var dns = TestDnsServer.Start()
            .Txt("example.com", "v=spf1 include:_spf.google.com ~all")
            .Txt("google._domainkey.example.com", "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A")
            .Txt("_dmarc.example.com", "v=DMARC1; p=quarantine; rua=mailto:d@example.com");

        var (exit, output, error) = await RunAsync(dns, "domain-check", "--from", "noreply@example.com", "--preset", "google-workspace", "--json");

        Assert.True(exit == ExitCodes.Ok, error + output);
        using var json = JsonDocument.Parse(output);
        var verdicts = json.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => (f.GetProperty("check").GetString(), f.GetProperty("verdict").GetString(), f.GetProperty("code").GetString())).ToList();
        Assert.Equal([("spf", "Pass", "SpfAuthorizes"), ("dkim", "Pass", "DkimFound"), ("dkim", "Note", "ProviderNote"), ("dmarc", "Pass", "DmarcQuarantineCovered")], verdicts);
    }

    [Fact]
    public async Task AnUnknownPresetOrBadSelectorIsAUsageError()
    {
        await using var dns = TestDnsServer.Start();

        Assert.Equal(ExitCodes.Usage, (await RunAsync(dns, "domain-check", "--from", "a@example.com", "--preset", "nosuch")).ExitCode);
        Assert.Equal(ExitCodes.Usage, (await RunAsync(dns, "domain-check", "--from", "a@example.com", "--selector", "bad selector")).ExitCode);
        Assert.Equal(0, dns.Queries);
    }
}
