using System.Runtime.CompilerServices;

namespace SmtpPortal.Tests;

internal static class TestRunSettings
{
    /// <summary>Hundreds of in-process portals start in one test run, each watching its
    /// configuration files; inotify allows 128 watchers per user, shared with everything else on
    /// the machine. Polling watchers have no such limit.</summary>
    [ModuleInitializer]
    internal static void UsePollingFileWatchers() =>
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
}
