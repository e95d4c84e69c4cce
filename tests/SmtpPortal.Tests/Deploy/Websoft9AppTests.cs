using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmtpPortal.Tests.TestSupport;
using YamlDotNet.RepresentationModel;

namespace SmtpPortal.Tests.Deploy;

/// <summary>deploy/websoft9 in the shape of Websoft9's app library (docker-compose.yml + .env of
/// W9_* variables). No Docker engine runs here: these check what can be checked without one.</summary>
public sealed class Websoft9AppTests : IDisposable
{
    private readonly ComposeProject _app = new("deploy/websoft9");
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    private YamlMappingNode Portal => _app.Service("smtpportal");

    private static string Text(YamlNode node) => ((YamlScalarNode)node).Value!;

    [Fact]
    public void TheComposeFileRunsOnePortalOnTheWebsoft9NetworkWithItsDataOnANamedVolume()
    {
        Assert.Single(((YamlMappingNode)_app.Root["services"]).Children);
        Assert.Equal("$W9_REPO:$W9_VERSION", Text(Portal["image"]));
        Assert.Equal("$W9_ID", Text(Portal["container_name"]));
        Assert.Equal("unless-stopped", Text(Portal["restart"]));
        Assert.Equal(".env", Text(Portal["env_file"]));
        Assert.Equal("$W9_HTTP_PORT_SET:$W9_HTTP_PORT", Text(Assert.Single((YamlSequenceNode)Portal["ports"])));

        var build = (YamlMappingNode)Portal["build"];
        Assert.Equal(RepositoryFiles.PathOf("Dockerfile"),
            Path.GetFullPath(Path.Combine(RepositoryFiles.PathOf("deploy/websoft9"), Text(build["context"]), Text(build["dockerfile"]))));

        var volume = Text(Assert.Single((YamlSequenceNode)Portal["volumes"])).Split(':');
        Assert.Equal("/data", volume[1]);
        Assert.Contains(volume[0], ((YamlMappingNode)_app.Root["volumes"]).Children.Keys.Select(Text)); // named, not a host folder

        var network = (YamlMappingNode)((YamlMappingNode)_app.Root["networks"])["default"];
        Assert.Equal("$W9_NETWORK", Text(network["name"]));
        Assert.Equal("true", Text(network["external"]));
    }

    [Fact]
    public void DotEnvSetsWebsoft9sVariablesAndEveryOneTheComposeFileUses()
    {
        foreach (var name in new[] { "W9_REPO", "W9_DIST", "W9_VERSION", "W9_ID", "W9_HTTP_PORT_SET", "W9_HTTP_PORT", "W9_URL" })
            Assert.False(string.IsNullOrWhiteSpace(_app.Environment.GetValueOrDefault(name)), $"{name} is not set in .env");
        Assert.Equal("websoft9", _app.Environment["W9_NETWORK"]);
        Assert.Empty(_app.VariablesUsed.Except(_app.Environment.Keys));
    }

    [Fact]
    public void EverySmtpPortalVariableIsAKeyThePortalReadsAndTheDataDirectoryIsTheVolume()
    {
        var portalKeys = _app.Environment.Keys.Where(key => key.StartsWith("SmtpPortal__", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(portalKeys);
        Assert.All(portalKeys, key => Assert.True(PortalConfigurationKeys.IsRead(key), $"{key} is no key the portal reads"));
        Assert.Equal("/data", _app.Environment["SmtpPortal__DataDirectory"]);
        Assert.Equal(_app.Environment["W9_HTTP_PORT"], _app.Environment["ASPNETCORE_HTTP_PORTS"]);
    }

    [Fact]
    public void TheOtherAppsReachTheRelayAsTheContainersNameOnPort2525WithoutPublishingIt()
    {
        var endpoint = IPEndPoint.Parse(_app.Environment["SmtpPortal__Relay__Endpoints__0"]);
        Assert.Equal(IPAddress.Any, endpoint.Address);
        Assert.Equal(2525, endpoint.Port);
        Assert.Equal("2525", Text(Assert.Single((YamlSequenceNode)Portal["expose"])));
        Assert.DoesNotContain("2525", Text(Assert.Single((YamlSequenceNode)Portal["ports"])));
        // The name the apps are told to use is the container's name on the websoft9 network.
        Assert.Equal(_app.Environment["W9_ID"], _app.Environment["SmtpPortal__Relay__HostForApps"]);
        Assert.Equal("$W9_ID", Text(Portal["container_name"]));
        // Logins without STARTTLS only from the Docker networks, the same ones the proxy is believed from.
        Assert.Equal(_app.Environment["SmtpPortal__ReverseProxy__KnownNetworks__0"], _app.Environment["SmtpPortal__Relay__PlainAuthNetworks__0"]);
    }

    [Fact]
    public async Task ThePortalStartsWithTheValuesDotEnvGivesIt()
    {
        var settings = _app.Environment
            .Where(e => e.Key.StartsWith("SmtpPortal__", StringComparison.Ordinal) && e.Key != "SmtpPortal__DataDirectory")
            .ToDictionary(e => e.Key.Replace("__", ":"), e => (string?)e.Value);

        await using var portal = new PortalFactory(_data.Path, settings);

        var configuration = portal.Get<IConfiguration>();
        Assert.All(settings, setting => Assert.Equal(setting.Value, configuration[setting.Key]));
    }

    [Fact]
    public async Task TheHealthcheckPassesAgainstARunningPortalAndFailsWhereNoneListens()
    {
        var check = ((YamlSequenceNode)((YamlMappingNode)Portal["healthcheck"])["test"]).Select(Text).ToList();
        Assert.Equal("CMD", check[0]);
        Assert.Contains("/health", check[^1]);
        Assert.Contains("$W9_HTTP_PORT", check[^1]);
        await using var portal = new PortalFactory(_data.Path);
        portal.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        portal.StartServer();
        var port = new Uri(portal.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;

        Assert.Equal(0, await RunAsync(check, port));
        Assert.NotEqual(0, await RunAsync(check, port: 1));
    }

    /// <summary>Runs the check as Docker would, with the portal's port in place of W9_HTTP_PORT.</summary>
    private async Task<int> RunAsync(IReadOnlyList<string> check, int port)
    {
        var command = check.Skip(1).Select(part => _app.Substitute(part, new Dictionary<string, string> { ["W9_HTTP_PORT"] = port.ToString() })).ToList();
        using var run = ProgramRun.Start(command[0], _data.Path, command.Skip(1));
        return await run.ExitCodeAsync(TestContext.Current.CancellationToken);
    }
}
