using System.CommandLine;
using System.Text.Json;
using SmtpPortal.Api;
using SmtpPortal.Domains;
using SmtpPortal.Providers;
using SmtpPortal.Settings;

namespace SmtpPortal.Cli;

/// <summary><c>domain-check --from me@example.com</c>: the From domain's SPF, DKIM and DMARC,
/// judged for a preset (the stored settings' by default), with the records to add.</summary>
internal static class DomainCheckCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create(CommandContext context)
    {
        var from = new Option<string?>("--from") { Description = "The From address whose domain to check (default: the stored From address)." };
        var preset = new Option<string?>("--preset") { Description = "The provider preset the mail goes through (default: the stored one); see `presets`." };
        var selector = new Option<string?>("--selector") { Description = "A DKIM selector you chose at the provider, checked besides the preset's own." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON (the same shape as GET /api/domain-check)." };
        var command = new Command("domain-check", "Check the From domain's SPF, DKIM and DMARC records for the provider and print the records to add. Exit code 1 when a check found a problem.")
        {
            from, preset, selector, json,
        };
        command.SetAction((parsed, ct) => context.RunAsync(async services =>
        {
            var console = context.Console;
            var catalog = services.GetRequiredService<ProviderCatalog>();
            var chosenPreset = parsed.GetValue(preset);
            var address = parsed.GetValue(from);
            if (chosenPreset is null || address is null)
            {
                var stored = await services.GetRequiredService<SmtpSettingsStore>().GetAsync(ct);
                chosenPreset ??= stored?.PresetId;
                address ??= stored?.FromAddress;
            }
            if (address is null)
            {
                console.Error.WriteLine("No From address: pass --from, or store settings first with `settings set`.");
                return ExitCodes.NotConfigured;
            }
            if (chosenPreset is not null && catalog.Find(chosenPreset) is null)
            {
                console.Error.WriteLine($"Unknown preset '{chosenPreset}'. Known: {string.Join(", ", catalog.All.Select(p => p.Id))}.");
                return ExitCodes.Usage;
            }
            var dkimSelector = parsed.GetValue(selector);
            if (dkimSelector is not null && !FromDomainCheck.IsSelector(dkimSelector))
            {
                console.Error.WriteLine($"'{dkimSelector}' is not a DKIM selector (letters, digits, hyphens and dots).");
                return ExitCodes.Usage;
            }
            var report = await services.GetRequiredService<FromDomainCheck>().CheckAsync(address, chosenPreset, dkimSelector, ct);
            if (report.Skipped == CheckSkipped.NotAnAddress)
            {
                console.Error.WriteLine($"'{address}' is not an email address.");
                return ExitCodes.Usage;
            }
            var result = ApiDomainCheck.From(report, services.GetRequiredService<DomainFindingText>());
            if (parsed.GetValue(json))
                console.Out.WriteLine(JsonSerializer.Serialize(result, Json));
            else
                Print(result, console.Out);
            return report.Findings.Any(f => f.Verdict == Verdict.Problem) ? ExitCodes.TestFailed : ExitCodes.Ok;
        }));
        return command;
    }

    private static void Print(ApiDomainCheck result, TextWriter output)
    {
        output.WriteLine($"From domain: {result.Domain} (preset: {result.Preset})");
        if (result.SkippedReason is { } skipped)
        {
            output.WriteLine(skipped);
            return;
        }
        foreach (var finding in result.Findings)
        {
            output.WriteLine($"{finding.Check.ToUpperInvariant(),-6}{finding.Verdict,-9}{finding.Message}");
            if (finding.Record is { } record && finding.Add is null)
                output.WriteLine($"{"",15}found: {record}");
            if (finding.Add is { } add)
                output.WriteLine($"{"",15}add:   {add.Name}  {add.Type}  {(finding.Code == "DkimMissing" ? add.Value : $"\"{add.Value}\"")}");
        }
    }
}
