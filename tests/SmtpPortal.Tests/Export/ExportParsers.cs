using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SmtpPortal.Tests.Export;

/// <summary>Reads each export back the way its consumer would: env files and shell scripts through
/// a real POSIX shell, the others with a strict reader of exactly the syntax the app documents.</summary>
internal static partial class ExportParsers
{
    /// <summary>Sources the text with <c>set -a</c> in /bin/sh and returns what it exported.</summary>
    public static Dictionary<string, string> SourceEnv(string text)
    {
        var output = RunShell(text, "set -a; . \"$1\" && env -0");
        return output.Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(entry => entry.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1]);
    }

    /// <summary>Runs a script of commands with <c>php</c> replaced by a function that prints its
    /// arguments, so each occ call comes back as the argument list the shell really built.</summary>
    public static List<string[]> RunWithStubbedPhp(string script)
    {
        var output = RunShell(script, "php() { for a in \"$@\"; do printf '%s\\037' \"$a\"; done; printf '\\036'; }; . \"$1\"");
        return [.. output.Split('\u001e', StringSplitOptions.RemoveEmptyEntries)
            .Select(call => call.Split('\u001f', StringSplitOptions.RemoveEmptyEntries))];
    }

    /// <summary>define( 'NAME', literal ); lines: PHP single-quoted strings, integers and booleans.</summary>
    public static Dictionary<string, object> PhpDefines(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("<?php", lines[0]);
        var defines = new Dictionary<string, object>();
        foreach (var line in lines.Skip(1).Where(l => !l.StartsWith("//", StringComparison.Ordinal)))
        {
            var match = PhpDefine().Match(line);
            Assert.True(match.Success, $"not a define(): {line}");
            defines.Add(match.Groups[1].Value, Literal(match.Groups[2].Value, SingleQuoted));
        }
        return defines;
    }

    /// <summary>gitlab_rails['key'] = literal lines: Ruby single-quoted strings, integers, booleans.</summary>
    public static Dictionary<string, object> GitLabRails(string text)
    {
        var settings = new Dictionary<string, object>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')))
        {
            var match = RubyAssignment().Match(line);
            Assert.True(match.Success, $"not a gitlab_rails assignment: {line}");
            settings.Add(match.Groups[1].Value, Literal(match.Groups[2].Value, SingleQuoted));
        }
        return settings;
    }

    /// <summary>The env: mapping of a discourse_docker app.yml: two-space keys with double-quoted
    /// (JSON-compatible) scalars.</summary>
    public static Dictionary<string, string> DiscourseEnv(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')).ToList();
        Assert.Equal("env:", lines[0]);
        return lines.Skip(1).Select(line =>
        {
            var match = YamlEntry().Match(line);
            Assert.True(match.Success, $"not a YAML env entry: {line}");
            return (match.Groups[1].Value, JsonSerializer.Deserialize<string>(match.Groups[2].Value)!);
        }).ToDictionary(e => e.Item1, e => e.Item2);
    }

    /// <summary>go-ini as Gitea loads app.ini: [section], KEY = value, with backtick and
    /// triple-quote values taken literally.</summary>
    public static Dictionary<string, Dictionary<string, string>> GoIni(string text)
    {
        var sections = new Dictionary<string, Dictionary<string, string>>();
        Dictionary<string, string>? current = null;
        foreach (var raw in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var line = raw.Trim();
            if (line.StartsWith(';') || line.StartsWith('#'))
                continue;
            if (line.StartsWith('['))
            {
                current = sections[line.Trim('[', ']')] = [];
                continue;
            }
            Assert.NotNull(current);
            var (key, value) = (line[..line.IndexOf('=')].Trim(), line[(line.IndexOf('=') + 1)..].Trim());
            if (value.StartsWith("\"\"\"", StringComparison.Ordinal))
                value = value[3..value.LastIndexOf("\"\"\"", StringComparison.Ordinal)];
            else if (value.StartsWith('`'))
                value = value[1..value.LastIndexOf('`')];
            else
                Assert.DoesNotMatch("[`\"'#;]", value);
            current.Add(key, value);
        }
        return sections;
    }

    private static object Literal(string literal, Regex singleQuoted)
    {
        if (literal is "true" or "false")
            return literal == "true";
        if (int.TryParse(literal, out var number))
            return number;
        var match = singleQuoted.Match(literal);
        Assert.True(match.Success, $"not a single-quoted string: {literal}");
        return Regex.Replace(match.Groups[1].Value, @"\\([\\'])", "$1");
    }

    private static readonly Regex SingleQuoted = SingleQuotedString();

    private static string RunShell(string text, string command)
    {
        var file = Path.Combine(Path.GetTempPath(), $"export-{Guid.NewGuid():n}.sh");
        File.WriteAllText(file, text, new UTF8Encoding(false));
        try
        {
            var start = new ProcessStartInfo("/bin/sh", ["-c", command, "sh", file])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardOutputEncoding = Encoding.UTF8,
            };
            start.Environment.Clear();
            start.Environment["PATH"] = "/usr/bin:/bin";
            using var shell = Process.Start(start)!;
            var output = shell.StandardOutput.ReadToEnd();
            var errors = shell.StandardError.ReadToEnd();
            shell.WaitForExit();
            Assert.True(shell.ExitCode == 0, $"sh failed: {errors}");
            Assert.Equal("", errors);
            return output;
        }
        finally
        {
            File.Delete(file);
        }
    }

    [GeneratedRegex(@"^define\( '([A-Z_]+)', (.+) \);$")]
    private static partial Regex PhpDefine();

    [GeneratedRegex(@"^gitlab_rails\['([a-z_]+)'\] = (.+)$")]
    private static partial Regex RubyAssignment();

    [GeneratedRegex(@"^  ([A-Z_]+): ("".*"")$")]
    private static partial Regex YamlEntry();

    [GeneratedRegex(@"^'((?:[^'\\]|\\.)*)'$")]
    private static partial Regex SingleQuotedString();
}
