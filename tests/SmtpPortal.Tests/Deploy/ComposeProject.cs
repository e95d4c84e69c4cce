using System.Text.RegularExpressions;
using SmtpPortal.Tests.TestSupport;
using YamlDotNet.RepresentationModel;

namespace SmtpPortal.Tests.Deploy;

/// <summary>A Docker Compose project folder read the way Compose reads it: the YAML, the
/// <c>.env</c> beside it (later lines may use earlier ones), and <c>$VAR</c> substitution.</summary>
internal sealed partial class ComposeProject
{
    public ComposeProject(string folder)
    {
        YamlText = RepositoryFiles.Read(Path.Combine(folder, "docker-compose.yml"));
        var yaml = new YamlStream();
        yaml.Load(new StringReader(YamlText));
        Root = (YamlMappingNode)yaml.Documents[0].RootNode;
        Environment = ReadDotEnv(RepositoryFiles.Read(Path.Combine(folder, ".env")));
    }

    public YamlMappingNode Root { get; }
    public string YamlText { get; }

    /// <summary>The .env entries in file order, their values substituted.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>The names the YAML substitutes (<c>$NAME</c> or <c>${NAME}</c>; <c>$$</c> is a literal $).</summary>
    public IReadOnlySet<string> VariablesUsed =>
        Variable().Matches(YamlText.Replace("$$", "")).Select(m => m.Groups["name"].Value).ToHashSet();

    public YamlMappingNode Service(string name) => (YamlMappingNode)((YamlMappingNode)Root["services"])[name];

    /// <summary>The text as Compose passes it on, with <paramref name="overrides"/> winning over .env.</summary>
    public string Substitute(string text, IReadOnlyDictionary<string, string>? overrides = null) =>
        string.Join('$', text.Split("$$").Select(part => Variable().Replace(part, m =>
            overrides?.GetValueOrDefault(m.Groups["name"].Value) ?? Environment[m.Groups["name"].Value])));

    private static Dictionary<string, string> ReadDotEnv(string text)
    {
        var values = new Dictionary<string, string>();
        foreach (var line in text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var (key, value) = (line[..line.IndexOf('=')], line[(line.IndexOf('=') + 1)..]);
            values[key] = value.StartsWith('\'') ? value.Trim('\'')
                : Variable().Replace(value.Trim('"'), m => values[m.Groups["name"].Value]);
        }
        return values;
    }

    [GeneratedRegex(@"\$\{?(?<name>[A-Za-z_][A-Za-z0-9_]*)\}?")]
    private static partial Regex Variable();
}
