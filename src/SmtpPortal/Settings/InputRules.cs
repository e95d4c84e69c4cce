using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Localization;
using SmtpPortal.Localization;
using SmtpPortal.Smtp;

namespace SmtpPortal.Settings;

/// <summary>Which address a message is about, so that it names the field in the reader's language.</summary>
public enum AddressRole
{
    From,
    ReplyTo,
    Recipient,
    TestRecipient,
}

/// <summary>The checks every entry point (settings form, test form, API, command line) applies to
/// what an admin types. Each returns null when the value is fine, or the message to show next to
/// the field, in the current UI language.</summary>
public static class InputRules
{
    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = true };
    private static readonly IStringLocalizer L = StaticLocalizer.For(typeof(InputRules));

    private static string T(string key, params object[] arguments) => L[key, arguments].Value;

    public static bool HasLineBreak(string? value) =>
        value is not null && value.AsSpan().IndexOfAny('\r', '\n') >= 0;

    public static string LineBreakMessage => T("LineBreak");

    /// <summary>An invisible control character (NUL, tab, escape…) or broken UTF-16 anywhere in a
    /// field: a NUL in a username shifted the fields of AUTH PLAIN at the server.</summary>
    public static string? CheckControlCharacters(string? value)
    {
        if (value is null)
            return null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c))
                return T("BrokenCharacter", i + 1);
            if (char.IsControl(c))
                return c is '\r' or '\n' ? LineBreakMessage : T("ControlCharacter", $"U+{(int)c:X4}", i + 1);
        }
        return null;
    }

    /// <summary>A secret is kept exactly as typed: nothing is trimmed, so what is not acceptable
    /// is refused with a reason instead of silently changed.</summary>
    public static string? CheckPassword(string? password)
    {
        if (string.IsNullOrEmpty(password))
            return null;
        if (string.IsNullOrWhiteSpace(password))
            return T("PasswordOnlySpaces");
        return CheckControlCharacters(password);
    }

    public static string? CheckHost(string? host)
    {
        if (string.IsNullOrWhiteSpace(host))
            return T("HostEmpty");
        if (CheckControlCharacters(host) is { } control)
            return control;
        if (host.Contains("://", StringComparison.Ordinal))
            return T("HostScheme");
        if (host.Any(char.IsWhiteSpace))
            return T("HostSpaces");
        if (host.StartsWith('[') != host.EndsWith(']'))
            return T("HostBrackets");
        if (host.Contains(':') && !host.Contains('.') || host.StartsWith('['))
            return IsIpV6(host.StartsWith('[') ? host[1..^1] : host) ? null : T("HostIpv6");
        if (host.Contains(':'))
            return T("HostPort");
        if (host.EndsWith('.'))
            return T("HostTrailingDot");
        if (IPAddress.TryParse(host, out var ip) && ip.AddressFamily == AddressFamily.InterNetwork)
            return null;
        return IsDnsName(host) ? null : T("HostInvalid");
    }

    public static string? CheckEmail(string? address, AddressRole role)
    {
        var what = T("Role" + role);
        if (string.IsNullOrWhiteSpace(address))
            return T("EmailEmpty", what);
        if (CheckControlCharacters(address) is { } control)
            return control;
        if (address.Length > 320)
            return T("EmailTooLong");
        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1)
            return T("EmailForm", what);
        var local = address[..at];
        var domain = address[(at + 1)..];
        if (local.Any(c => char.IsWhiteSpace(c) || c is '<' or '>' or '(' or ')' or ',' or ';' or '"' or '\\' or '@' or ':')
            || local.StartsWith('.') || local.EndsWith('.') || local.Contains("..", StringComparison.Ordinal))
            return T("EmailLocalPart", what);
        if (!IsDnsName(domain))
            return T("EmailDomain", what);
        return MailAddressSyntax.IsPlainAddress(address) ? null : T("EmailNotPlain", what);
    }

    public static string? CheckPort(int? port) =>
        port is null or < 1 or > 65535 ? T("Port") : null;

    public static string? CheckHeaderText(string? value, int maxLength)
    {
        if (CheckControlCharacters(value) is { } control)
            return control;
        return value is not null && value.Length > maxLength ? T("TooLong", maxLength) : null;
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
