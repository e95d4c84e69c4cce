using SmtpPortal.Tests.TestSupport;
using YamlDotNet.RepresentationModel;

namespace SmtpPortal.Tests.Deploy;

/// <summary>The GitHub workflow runs the README's test command, with a browser that works on its runner.</summary>
public sealed class ContinuousIntegrationTests
{
    [Fact]
    public void TheWorkflowRunsTestShOnUbuntuWithTheRunnersBrowser()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(RepositoryFiles.Read(".github/workflows/ci.yml")));
        var job = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["jobs"])["test"];

        Assert.Equal("ubuntu-latest", job["runs-on"].ToString());
        // Ubuntu's chromium is a snap stub: the tests must be pointed at a real browser there.
        Assert.StartsWith("/", ((YamlMappingNode)job["env"])["SMTPPORTAL_BROWSER"].ToString());
        Assert.Equal("./test.sh", ((YamlMappingNode)((YamlSequenceNode)job["steps"]).Last())["run"].ToString());
        Assert.Contains("SMTPPORTAL_BROWSER", RepositoryFiles.Read("test.sh"));
    }
}
