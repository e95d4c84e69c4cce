using SmtpPortal.Providers;

namespace SmtpPortal.Smtp.Diagnostics;

public enum QuickFixKind
{
    SwitchSecurity,
    TrustCertificate,
}

/// <summary>A change SmtpPortal can make for the admin with one click.</summary>
public sealed record QuickFix(QuickFixKind Kind, string Label, SecurityMode? Security = null, int? Port = null, string? CertificateSha256 = null);

/// <summary>What went wrong in plain words, and what to do about it.</summary>
public sealed record SmtpAdvice(SmtpFailureCategory Category, string Explanation, string Fix, QuickFix? QuickFix = null);

/// <summary>Classifies a failed run into advice, provider-specific where the preset knows more.</summary>
public static class FailureAdvisor
{
    public static SmtpAdvice? Advise(SendOutcome outcome, int port, SecurityMode security, ProviderPreset preset)
    {
        if (outcome.Succeeded)
            return null;
        var reply = outcome.ServerReply ?? "";
        return outcome.Category switch
        {
            SmtpFailureCategory.Dns => new(outcome.Category,
                "The host name does not exist in DNS, or this server cannot reach a DNS resolver.",
                $"Check the host for typos{(preset.DefaultHost is { } h ? $" ({preset.Name} uses {h})" : "")}, and that this server can resolve names (nslookup or dig the host on it)."),
            SmtpFailureCategory.ConnectionRefused => new(outcome.Category,
                $"The host is reachable, but nothing accepts connections on port {port}.",
                $"Use a port the provider offers{OtherPorts(preset, port)}; the port probe below shows which answer."),
            SmtpFailureCategory.NetworkUnreachable => new(outcome.Category,
                "This server has no network route to the host.", "Check this server's network, firewall or proxy settings."),
            SmtpFailureCategory.Timeout when outcome.FailedStage is SmtpStage.Connect or SmtpStage.Resolve or null => new(outcome.Category,
                $"Nothing answered on port {port}: packets are probably dropped on the way. Hosting providers often block outbound port 25, sometimes 465 and 587 too.",
                $"Try another port{OtherPorts(preset, port)}{(preset.Ports.Any(p => p.Port == 2525) ? " — 2525 exists exactly for blocked hosts" : "")}. Run the port probe, or ask the hosting provider to open the port."),
            SmtpFailureCategory.Timeout => new(outcome.Category,
                $"The server stopped answering during {outcome.FailedStage} and the run reached its deadline.",
                "Try again; if it keeps stalling, a firewall doing TLS or SMTP inspection may be in the way."),
            SmtpFailureCategory.NoGreeting => NoGreeting(port, security, preset),
            SmtpFailureCategory.TlsMismatch => TlsMismatch(port, security, preset),
            SmtpFailureCategory.Certificate => Certificate(outcome, preset),
            SmtpFailureCategory.StartTlsNotOffered => new(outcome.Category,
                "The server did not offer STARTTLS, so continuing would send the password in plain text. SmtpPortal refused and sent nothing.",
                "Use the provider's SSL/TLS port if it has one, or ask the server's admin to enable STARTTLS. Never switch to no encryption for a server across the internet.",
                ImplicitTlsPort(preset) is { } tlsPort
                    ? new QuickFix(QuickFixKind.SwitchSecurity, $"Use port {tlsPort} with SSL/TLS", SecurityMode.SslOnConnect, tlsPort)
                    : null),
            SmtpFailureCategory.AuthenticationRequired when reply.Contains("STARTTLS", StringComparison.OrdinalIgnoreCase) => new(outcome.Category,
                "The server wants STARTTLS before the login.", "Choose STARTTLS for this port.",
                new QuickFix(QuickFixKind.SwitchSecurity, "Switch to STARTTLS", SecurityMode.StartTls, port)),
            SmtpFailureCategory.AuthenticationRequired => new(outcome.Category,
                "The server only accepts mail after a login (530).", "Enter the username and password for this server and save."),
            SmtpFailureCategory.AuthenticationFailed => new(outcome.Category,
                "The server refused the login (534/535): wrong username, wrong kind of password, or SMTP logins are off for the account.",
                LoginFix(preset, reply)),
            SmtpFailureCategory.SenderRejected or SmtpFailureCategory.MessageRejected => new(outcome.Category,
                $"The server refused the message ({outcome.ReplyCode}): most often because the From address is not one the account may send as.",
                ProviderAdvice.SenderFix.GetValueOrDefault(preset.Id)
                    ?? "Set From to the account's own address, or verify the sending domain with the provider (SPF/DKIM)."),
            SmtpFailureCategory.RecipientRejected => new(outcome.Category,
                "The server refused the recipient address.", "Check the recipient for typos, or try another address."),
            SmtpFailureCategory.Temporary => new(outcome.Category,
                $"A temporary refusal ({outcome.ReplyCode}): the server is busy, rate-limits this account, greylists, or its login backend is down (454).",
                "Wait a few minutes and try again. If it persists, check the provider's status page and sending limits."),
            SmtpFailureCategory.ConnectionLost when outcome.FailedStage == SmtpStage.Message => new(outcome.Category,
                "The connection was cut while the message was being sent (during DATA).",
                "Try again. If it repeats, the message may exceed a size limit, or a firewall or antivirus inspecting SMTP drops it."),
            SmtpFailureCategory.ConnectionLost => new(outcome.Category,
                "The server closed the connection unexpectedly.",
                $"Check that port {port} uses {security.Describe()}{OtherPorts(preset, port)}."),
            SmtpFailureCategory.Cancelled => new(outcome.Category, "You stopped the run.", "Start it again when ready."),
            _ => new(outcome.Category, outcome.Summary, "Read the transcript below for the server's own words."),
        };
    }

    /// <summary>The mode a port is meant for: the preset's word first, then the usual convention.</summary>
    public static SecurityMode ExpectedMode(int port, ProviderPreset preset) =>
        preset.Ports.FirstOrDefault(p => p.Port == port)?.Security
        ?? (port is 465 or 994 or 2465 ? SecurityMode.SslOnConnect : SecurityMode.StartTls);

    private static SmtpAdvice NoGreeting(int port, SecurityMode security, ProviderPreset preset)
    {
        if (security != SecurityMode.SslOnConnect)
            return new(SmtpFailureCategory.NoGreeting,
                $"The server accepted the connection but said nothing. A port that expects SSL/TLS from the first byte{(ExpectedMode(port, preset) == SecurityMode.SslOnConnect ? $" (as {port} does)" : "")} waits silently for the TLS hello while SmtpPortal waits for its greeting.",
                "Switch this port to SSL/TLS. If that does not help, the server is overloaded or a firewall holds the connection (a tarpit).",
                new QuickFix(QuickFixKind.SwitchSecurity, "Switch to SSL/TLS", SecurityMode.SslOnConnect, port));
        return new(SmtpFailureCategory.NoGreeting,
            "TLS was set up, but the server never sent its greeting: it is overloaded, or a firewall holds the connection (a tarpit).",
            "Try again later, or another port of the provider.");
    }

    private static SmtpAdvice TlsMismatch(int port, SecurityMode security, ProviderPreset preset)
    {
        var expected = security == SecurityMode.SslOnConnect ? SecurityMode.StartTls : SecurityMode.SslOnConnect;
        return new(SmtpFailureCategory.TlsMismatch,
            $"The TLS handshake failed (\"wrong version number\" or similar): port {port} speaks {expected.Describe()}, not {security.Describe()}.",
            $"Switch port {port} to {expected.Describe()}, or use the provider's port for {security.Describe()}.",
            new QuickFix(QuickFixKind.SwitchSecurity, $"Switch to {expected.Describe()}", expected, port));
    }

    private static SmtpAdvice Certificate(SendOutcome outcome, ProviderPreset preset)
    {
        var revoked = outcome.Summary.Contains("revoked", StringComparison.OrdinalIgnoreCase);
        var fix = revoked
            ? "Do not trust it: a revoked certificate may be in an attacker's hands. Tell the server's admin."
            : preset.IsCustom
                ? "If this is your own relay with a self-signed or internal certificate, compare the fingerprint with the one its admin sees, then trust exactly this certificate. Otherwise fix the host name or the certificate."
                : $"{preset.Name} has a valid public certificate: use its host name{(preset.DefaultHost is { } h ? $" ({h})" : "")}. A wrong certificate here can mean interception.";
        var quick = revoked || outcome.CertificateSha256 is null
            ? null
            : new QuickFix(QuickFixKind.TrustCertificate, "Trust this certificate only", CertificateSha256: outcome.CertificateSha256);
        return new(SmtpFailureCategory.Certificate,
            "The server's certificate could not be verified (self-signed, expired, issued by an unknown authority or for another name), so the password was not sent.",
            fix, quick);
    }

    private static string LoginFix(ProviderPreset preset, string reply)
    {
        if (reply.Contains("5.7.139", StringComparison.Ordinal))
            return ProviderAdvice.LoginFix["microsoft365"];
        return ProviderAdvice.LoginFix.GetValueOrDefault(preset.Id)
            ?? "Check the username (often the full address) and the password. Many providers want an app password or SMTP key instead of the account password.";
    }

    private static int? ImplicitTlsPort(ProviderPreset preset) =>
        preset.Ports.FirstOrDefault(p => p.Security == SecurityMode.SslOnConnect)?.Port;

    private static string OtherPorts(ProviderPreset preset, int port)
    {
        var others = preset.Ports.Where(p => p.Port != port).Select(p => p.Label).ToList();
        return others.Count == 0 ? "" : $" ({preset.Name}: {string.Join(", ", others)})";
    }
}
