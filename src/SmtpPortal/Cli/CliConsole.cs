namespace SmtpPortal.Cli;

/// <summary>Where a command reads and writes; tests pass their own writers.</summary>
public sealed record CliConsole(TextWriter Out, TextWriter Error, TextReader In)
{
    public static CliConsole System => new(Console.Out, Console.Error, Console.In);
}
