using System.Security.Cryptography.X509Certificates;

namespace SmtpPortal.Tests.TestSupport;

/// <summary>Scripts for <see cref="ScriptedSmtpServer"/>: a well-behaved SMTP conversation in
/// which a test replaces the server's answer to one command with a fault.</summary>
public static class SmtpScripts
{
    /// <summary>What the server does instead of its normal answer, keyed by command verb
    /// ("GREETING" for the banner, then "EHLO", "STARTTLS", "AUTH", "MAIL", "RCPT", "DATA", ".").</summary>
    public delegate Task Fault(ScriptedSession session);

    public static Fault Reply(string line) => s => s.SendAsync(line);

    public static Func<ScriptedSession, Task> Polite(
        IReadOnlyDictionary<string, Fault>? faults = null, X509Certificate2? startTlsCertificate = null, string? auth = "PLAIN LOGIN",
        IEnumerable<string>? offers = null) =>
        async session =>
        {
            faults ??= new Dictionary<string, Fault>();
            if (faults.TryGetValue("GREETING", out var greetingFault))
                await greetingFault(session);
            else
                await session.SendAsync("220 fault.test ESMTP scripted");
            var secure = false;
            while (await session.ReadLineAsync() is { } line)
            {
                var verb = line == "." ? "." : line.Split(' ', ':')[0].ToUpperInvariant();
                if (faults.TryGetValue(verb, out var fault))
                {
                    await fault(session);
                    continue;
                }
                switch (verb)
                {
                    case "EHLO":
                        List<string> extensions = ["fault.test", "PIPELINING", "8BITMIME", .. offers ?? []];
                        if (startTlsCertificate is not null && !secure)
                            extensions.Add("STARTTLS");
                        if (auth is not null)
                            extensions.Add($"AUTH {auth}");
                        for (var i = 0; i < extensions.Count; i++)
                            await session.SendAsync($"250{(i == extensions.Count - 1 ? ' ' : '-')}{extensions[i]}");
                        break;
                    case "STARTTLS":
                        await session.SendAsync("220 2.0.0 ready to start TLS");
                        await session.UpgradeToTlsAsync(startTlsCertificate!);
                        secure = true;
                        break;
                    case "AUTH":
                        await AuthenticateAsync(session, line);
                        break;
                    case "MAIL" or "RCPT":
                        await session.SendAsync("250 2.1.0 ok");
                        break;
                    case "DATA":
                        await session.SendAsync("354 go ahead");
                        while (await session.ReadLineAsync() is { } data && data != ".")
                        {
                        }
                        await (faults.TryGetValue(".", out var endFault) ? endFault(session) : session.SendAsync("250 2.0.0 queued as SCRIPTED1"));
                        break;
                    case "QUIT":
                        await session.SendAsync("221 bye");
                        return;
                    default:
                        await session.SendAsync("502 5.5.2 not implemented");
                        break;
                }
            }
        };

    private static async Task AuthenticateAsync(ScriptedSession session, string line)
    {
        var parts = line.Split(' ');
        if (parts[1].Equals("LOGIN", StringComparison.OrdinalIgnoreCase))
        {
            await session.SendAsync("334 VXNlcm5hbWU6");
            await session.ReadLineAsync();
            await session.SendAsync("334 UGFzc3dvcmQ6");
            await session.ReadLineAsync();
        }
        else if (parts.Length < 3)
        {
            await session.SendAsync("334 ");
            await session.ReadLineAsync();
        }
        await session.SendAsync("235 2.7.0 accepted");
    }
}
