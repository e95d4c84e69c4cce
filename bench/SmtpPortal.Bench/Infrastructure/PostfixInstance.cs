using System.Diagnostics;
using System.Globalization;

namespace SmtpPortal.Bench.Infrastructure;

/// <summary>
/// Debian's Postfix as most admins would set it up instead of SmtpPortal's relay: its own
/// instance (<c>postfix -c DIR</c>, nothing in /etc/postfix), an SMTP submission listener on
/// 127.0.0.1 with Cyrus SASL logins (sasldb, PLAIN and LOGIN, like the relay), and
/// <c>relayhost</c> to the provider with a SASL login. Chroot is off and the queue lives in the
/// bench's work directory. Started, stopped and killed by process id.
/// </summary>
public sealed class PostfixInstance : IRelayUnderTest
{
    public const string AppUser = "app";
    public const string AppSecret = "postfix app secret 42";
    private const string Realm = "bench.localdomain";

    /// <summary>Debian's default <c>default_destination_concurrency_limit</c>: parallel deliveries
    /// to one destination (here the relayhost), which the bench leaves as it is.</summary>
    public const int DestinationConcurrency = 20;

    private readonly string _root;

    private PostfixInstance(string root, int port)
    {
        _root = root;
        Port = port;
    }

    public string Name => "Postfix";
    public int Port { get; }
    public string User => AppUser;
    public string Secret => AppSecret;
    private string ConfigDirectory => Path.Combine(_root, "etc");
    private string QueueDirectory => Path.Combine(_root, "queue");
    private string DataDirectory => Path.Combine(_root, "data");
    public string MailLog => Path.Combine(_root, "maillog");

    /// <summary>Installs Postfix and the SASL tools when missing (bench/tools/install-postfix.sh).</summary>
    public static async Task EnsureInstalledAsync(string repositoryRoot)
    {
        var script = Path.Combine(repositoryRoot, "bench", "tools", "install-postfix.sh");
        await ChildProcess.RunAsync("bash", [script]);
    }

    public static async Task<string> VersionAsync() => (await ChildProcess.RunAsync("postconf", ["-d", "-h", "mail_version"])).Trim();

    /// <param name="provider">Where it relays (the sink on 127.0.0.1) and the login it uses there.</param>
    public static async Task<PostfixInstance> StartAsync(string root, int providerPort, string providerUser, string providerPassword)
    {
        var instance = new PostfixInstance(root, ChildProcess.FreePort());
        Directory.CreateDirectory(Path.Combine(instance.ConfigDirectory, "sasl"));
        Directory.CreateDirectory(instance.QueueDirectory);
        Directory.CreateDirectory(instance.DataDirectory);
        await File.WriteAllTextAsync(Path.Combine(instance.ConfigDirectory, "main.cf"), instance.MainCf(providerPort, providerUser, providerPassword));
        await File.WriteAllTextAsync(Path.Combine(instance.ConfigDirectory, "master.cf"), instance.MasterCf());
        // Debian's Postfix reads Cyrus' smtpd.conf from <config directory>/sasl.
        await File.WriteAllTextAsync(Path.Combine(instance.ConfigDirectory, "sasl", "smtpd.conf"),
            $"pwcheck_method: auxprop\nauxprop_plugin: sasldb\nmech_list: PLAIN LOGIN\nsasldb_path: {Path.Combine(root, "sasldb2")}\n");
        var sasldb = Path.Combine(root, "sasldb2");
        await ChildProcess.RunAsync("saslpasswd2", ["-p", "-c", "-f", sasldb, "-u", Realm, AppUser], AppSecret);
        // postlogd (root) creates the log as root's; a command that logs straight to the file while
        // postlogd is down (postsuper at a start after a kill -9) runs as postfix and must append too.
        await File.WriteAllTextAsync(instance.MailLog, "");
        await ChildProcess.RunAsync("chown", ["postfix:postfix", sasldb, instance.DataDirectory, instance.MailLog]);
        await instance.StartAsync();
        return instance;
    }

    public async Task StartAsync()
    {
        await ChildProcess.RunAsync("postfix", ["-c", ConfigDirectory, "start"]);
        await ChildProcess.WaitUntilListeningAsync(Port);
    }

    public async Task StopAsync() => await ChildProcess.RunAsync("postfix", ["-c", ConfigDirectory, "stop"]);

    /// <summary>SIGKILL to the master and every process under it, at once: a crash, not a stop.</summary>
    public async Task KillAsync()
    {
        foreach (var pid in ProcessIds())
        {
            try
            {
                Process.GetProcessById(pid).Kill();
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                // Gone already.
            }
        }
        while (ProcessIds().Count > 0)
            await Task.Delay(20);
    }

    public Task RestartAsync() => StartAsync();

    /// <summary>The master (from its pid file) and its descendants.</summary>
    public IReadOnlyList<int> ProcessIds()
    {
        var pidFile = Path.Combine(QueueDirectory, "pid", "master.pid");
        if (!File.Exists(pidFile) || !int.TryParse(ReadLocked(pidFile).Trim(), out var master) || !Directory.Exists($"/proc/{master}"))
            return [];
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
                continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
            }
        }
        var family = new List<int> { master };
        for (var i = 0; i < family.Count; i++)
            family.AddRange(parents.Where(p => p.Value == family[i]).Select(p => p.Key));
        return family;
    }

    public MemoryUse Memory() => MemoryUse.Of(ProcessIds());

    /// <summary>The master's share includes the services that ended (smtpd, cleanup and smtp come and go).</summary>
    public TimeSpan CpuTime() => ProcessCpu.Of(ProcessIds(), withEndedChildren: true);

    /// <summary>The master holds an exclusive lock on its pid file, which .NET's own file opening
    /// respects (it takes a shared advisory lock); cat does not.</summary>
    private static string ReadLocked(string file)
    {
        using var cat = Process.Start(new ProcessStartInfo("cat", [file]) { RedirectStandardOutput = true, UseShellExecute = false })!;
        var text = cat.StandardOutput.ReadToEnd();
        cat.WaitForExit();
        return text;
    }

    private string MainCf(int providerPort, string providerUser, string providerPassword) => $"""
        compatibility_level = 3.6
        queue_directory = {QueueDirectory}
        data_directory = {DataDirectory}
        mail_owner = postfix
        setgid_group = postdrop
        myhostname = {Realm}
        mydestination =
        inet_interfaces = 127.0.0.1
        inet_protocols = ipv4
        alias_maps =
        alias_database =
        local_recipient_maps =
        smtputf8_enable = no
        maillog_file = {MailLog}
        maillog_file_prefixes = {_root}
        message_size_limit = 26214400
        relayhost = [127.0.0.1]:{providerPort}
        smtp_sasl_auth_enable = yes
        smtp_sasl_password_maps = {StaticMap(providerUser + ":" + providerPassword)}
        smtp_sasl_security_options = noanonymous
        smtp_tls_security_level = none
        smtpd_sasl_auth_enable = yes
        smtpd_sasl_type = cyrus
        smtpd_sasl_path = smtpd
        smtpd_sasl_local_domain = {Realm}
        smtpd_sasl_security_options = noanonymous
        smtpd_relay_restrictions = permit_sasl_authenticated, reject
        smtpd_recipient_restrictions = permit_sasl_authenticated, reject
        smtpd_tls_security_level = none

        """;

    /// <summary>A "static:" map whose value may hold spaces (the provider's password does).</summary>
    private static string StaticMap(string value) => "static:{" + value + "}";

    /// <summary>Debian's services, without chroot, and the submission listener on the bench's port.</summary>
    private string MasterCf() => $"""
        127.0.0.1:{Port} inet n - n - - smtpd
        pickup    unix  n       -       n       60      1       pickup
        cleanup   unix  n       -       n       -       0       cleanup
        qmgr      unix  n       -       n       300     1       qmgr
        rewrite   unix  -       -       n       -       -       trivial-rewrite
        bounce    unix  -       -       n       -       0       bounce
        defer     unix  -       -       n       -       0       bounce
        trace     unix  -       -       n       -       0       bounce
        verify    unix  -       -       n       -       1       verify
        flush     unix  n       -       n       1000?   0       flush
        proxymap  unix  -       -       n       -       -       proxymap
        proxywrite unix -       -       n       -       1       proxymap
        smtp      unix  -       -       n       -       -       smtp
        relay     unix  -       -       n       -       -       smtp
        showq     unix  n       -       n       -       -       showq
        error     unix  -       -       n       -       -       error
        retry     unix  -       -       n       -       -       error
        discard   unix  -       -       n       -       -       discard
        anvil     unix  -       -       n       -       1       anvil
        scache    unix  -       -       n       -       1       scache
        postlog   unix-dgram n  -       n       -       1       postlogd

        """;
}
