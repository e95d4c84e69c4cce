namespace SmtpPortal.Cli;

/// <summary>
/// The arguments that start the web portal: none, or only ASP.NET Core's hosting settings and
/// configuration keys (README, "Command line"). Anything else is a command or a mistake, and a
/// mistake must end with a usage error, not with a web server nobody asked for.
/// </summary>
public static class HostingArguments
{
    /// <summary>ASP.NET Core's host settings (<c>applicationName</c> is what the test host passes).</summary>
    private static readonly string[] HostSettings = ["urls", "environment", "contentRoot", "webroot", "applicationName"];

    /// <summary>Configuration sections the portal reads; <c>--SmtpPortal:DataDirectory=/srv/mail</c>
    /// sets a key as the environment variable <c>SmtpPortal__DataDirectory</c> would.</summary>
    private static readonly string[] ConfigurationSections = ["SmtpPortal", "Logging", "Kestrel"];

    /// <summary>Whether these arguments start the web portal: every one is <c>--name=value</c> or
    /// <c>--name value</c> with a name above.</summary>
    public static bool StartThePortal(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
                return false;
            var separator = args[i].IndexOf('=');
            var name = separator < 0 ? args[i][2..] : args[i][2..separator];
            if (!IsHostingName(name))
                return false;
            if (separator >= 0)
                continue;
            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                return false;
            i++;
        }
        return true;
    }

    private static bool IsHostingName(string name) =>
        HostSettings.Contains(name, StringComparer.OrdinalIgnoreCase)
        || ConfigurationSections.Contains(name.Split(':')[0], StringComparer.OrdinalIgnoreCase);
}
