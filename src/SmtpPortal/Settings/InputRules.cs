using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SmtpPortal.Settings;

/// <summary>The checks every entry point (settings form, test form) applies to what an admin
/// types. Each returns null when the value is fine, or the message to show next to the field.</summary>
public static class InputRules
{
    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = true };

    public static bool HasLineBreak(string? value) =>
        value is not null && value.AsSpan().IndexOfAny('\r', '\n') >= 0;

    public const string LineBreakMessage = "Line breaks are not allowed here.";

    public static string? CheckHost(string? host)
    {
        if (string.IsNullOrWhiteSpace(host))
            return "Enter the SMTP server's host name, e.g. smtp.example.com.";
        if (host.Contains("://", StringComparison.Ordinal))
            return "Enter only the host name, without smtp:// or https://.";
        if (host.Any(char.IsWhiteSpace))
            return "A host name cannot contain spaces or line breaks.";
        if (host.Contains(':') && !host.Contains('.') || host.StartsWith('['))
            return IsIpV6(host.Trim('[', ']')) ? null : "This is not a valid IPv6 address.";
        if (host.Contains(':'))
            return "Enter the port in the Port field, not after the host name.";
        if (host.EndsWith('.'))
            return "Remove the dot at the end of the host name.";
        if (IPAddress.TryParse(host, out var ip) && ip.AddressFamily == AddressFamily.InterNetwork)
            return null;
        return IsDnsName(host) ? null : "This is not a valid host name: use letters, digits, dots and hyphens.";
    }

    public static string? CheckEmail(string? address, string what)
    {
        if (string.IsNullOrWhiteSpace(address))
            return $"Enter {what}.";
        if (HasLineBreak(address))
            return LineBreakMessage;
        if (address.Length > 320)
            return "An email address has at most 320 characters.";
        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1)
            return $"Enter {what} in the form name@example.com.";
        var local = address[..at];
        var domain = address[(at + 1)..];
        if (local.Any(c => char.IsWhiteSpace(c) || c is '<' or '>' or '(' or ')' or ',' or ';' or '"' or '\\')
            || local.StartsWith('.') || local.EndsWith('.') || local.Contains("..", StringComparison.Ordinal))
            return $"The part before @ in {what} contains characters mail servers refuse.";
        return IsDnsName(domain) ? null : $"The domain after @ in {what} is not valid.";
    }

    public static string? CheckPort(int? port) =>
        port is null or < 1 or > 65535 ? "Enter a port between 1 and 65535 (usually 465 or 587)." : null;

    public static string? CheckHeaderText(string? value, int maxLength)
    {
        if (HasLineBreak(value))
            return LineBreakMessage;
        return value is not null && value.Length > maxLength ? $"Use at most {maxLength} characters." : null;
    }

    private static bool IsIpV6(string value) =>
        IPAddress.TryParse(value, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6;

    /// <summary>A DNS name with at least two labels; internationalised names are accepted and
    /// checked in their ASCII (punycode) form.</summary>
    private static bool IsDnsName(string name)
    {
        string ascii;
        try
        {
            ascii = Idn.GetAscii(name);
        }
        catch (ArgumentException)
        {
            return false;
        }
        if (ascii.Length > 253)
            return false;
        var labels = ascii.Split('.');
        return labels.All(l => l.Length is > 0 and <= 63 && !l.StartsWith('-') && !l.EndsWith('-'))
            && (labels.Length >= 2 || ascii.Equals("localhost", StringComparison.OrdinalIgnoreCase));
    }
}
