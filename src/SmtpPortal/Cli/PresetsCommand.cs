using System.CommandLine;
using SmtpPortal.Providers;
using SmtpPortal.Smtp;

namespace SmtpPortal.Cli;

/// <summary><c>presets</c>: the ids that <c>settings set --preset</c> accepts.</summary>
internal static class PresetsCommand
{
    public static Command Create(CommandContext context)
    {
        var command = new Command("presets", "List the provider presets: id, name, host and ports.");
        command.SetAction(_ =>
        {
            var output = context.Console.Out;
            foreach (var preset in ProviderCatalog.LoadShipped().All)
            {
                var ports = string.Join(", ", preset.Ports.Select(p => $"{p.Port} {p.Security.ToName()}"));
                output.WriteLine($"{preset.Id,-19} {preset.Name,-40} {preset.DefaultHost ?? "(your server)",-28} {ports}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
