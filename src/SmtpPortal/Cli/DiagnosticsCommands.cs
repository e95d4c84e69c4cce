using System.CommandLine;
using System.Text.Json;
using SmtpPortal.Settings;
using SmtpPortal.Smtp;
using SmtpPortal.Smtp.Diagnostics;

namespace SmtpPortal.Cli;

/// <summary><c>probe</c> and <c>trust-certificate</c>: the rest of the settings page's test panel,
/// for an admin on SSH.</summary>
internal static class DiagnosticsCommands
{
    public static Command CreateProbe(CommandContext context)
    {
        var host = new Option<string>("--host") { Description = "The host to probe (default: the saved one)." };
        var json = SettingsCommands.JsonOption();
        var command = new Command("probe",
            $"Try ports {string.Join(", ", PortProbe.StandardPorts)} of the SMTP host from this server: which answer, and with which security. No password is sent.")
        {
            host, json,
        };
        command.SetAction((parsed, ct) => context.RunAsync(async services =>
        {
            var result = await services.GetRequiredService<PortProbeService>().ProbeAsync(parsed.GetValue(host), SettingsCommands.Requester, ct);
            if (result.Limit is { } limit)
            {
                context.Console.Error.WriteLine(services.GetRequiredService<DiagnosisText>().Summary(limit));
                return ExitCodes.RateLimited;
            }
            if (result.Problem == ProbeProblem.NotConfigured)
            {
                context.Console.Error.WriteLine("No SMTP settings are saved yet: give --host, or run `settings set` first.");
                return ExitCodes.NotConfigured;
            }
            if (result.HostProblem is { } problem)
            {
                context.Console.Error.WriteLine($"--host: {problem}");
                return ExitCodes.Invalid;
            }
            var texts = services.GetRequiredService<PortProbeText>();
            var report = result.Report!;
            if (parsed.GetValue(json))
            {
                context.Console.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    host = report.Host,
                    ports = report.Ports.Select(p => new { port = p.Port, state = p.State.ToString(), banner = p.Banner, meaning = texts.Meaning(report.Host, p) }),
                    recommendedPort = report.Port,
                    recommendedSecurity = report.Security?.ToName(),
                    recommendation = texts.Recommendation(report),
                }, new JsonSerializerOptions { WriteIndented = true }));
                return ExitCodes.Ok;
            }
            foreach (var port in report.Ports)
                context.Console.Out.WriteLine($"{port.Port,-5} {texts.State(port.State),-16} {texts.Meaning(report.Host, port)}"
                    + (port.Banner is { } banner ? $"\n      {banner.Split('\n')[0]}" : ""));
            context.Console.Out.WriteLine(texts.Recommendation(report));
            return ExitCodes.Ok;
        }));
        return command;
    }

    public static Command CreateTrustCertificate(CommandContext context)
    {
        var sha256 = new Option<string>("--sha256")
        {
            Description = "The certificate's SHA-256 fingerprint as the failed test printed it (AB:CD:… as openssl shows it, or 64 hex digits).",
            Required = true,
        };
        var command = new Command("trust-certificate",
            "Trust exactly one server certificate that does not validate (self-signed, internal CA): only the one the last failed test or check with the current settings saw.")
        {
            sha256,
        };
        command.SetAction((parsed, ct) => context.RunAsync(async services =>
        {
            var result = await services.GetRequiredService<SmtpSettingsStore>().TrustCertificateAsync(
                parsed.GetValue(sha256)!, null, SettingsCommands.Actor, ct);
            if (result.IsConflict)
            {
                context.Console.Error.WriteLine("No SMTP settings are saved yet, or they changed at the same moment: run `settings check` and try again.");
                return ExitCodes.Conflict;
            }
            if (result.TrustRefused is { } refused)
            {
                context.Console.Error.WriteLine(services.GetRequiredService<CertificateTrustText>().Describe(refused));
                return ExitCodes.Invalid;
            }
            context.Console.Out.WriteLine($"Trusted: the certificate with SHA-256 {CertificateFingerprint.Format(result.Settings!.TrustedCertificateSha256!)}. Run `settings check` to confirm.");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
