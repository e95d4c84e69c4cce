namespace SmtpPortal.Relay;

/// <summary>
/// The one address form the relay accepts in MAIL FROM and RCPT TO: <c>local@domain</c> with a
/// dot-atom local part and an ASCII host name. Everything the classic open-relay probes use is
/// refused rather than interpreted: source routes (<c>@a:b@c</c>), the percent hack
/// (<c>b%c@a</c>), bang paths (<c>a!b</c>), quoted local parts, address literals and the null
/// sender. The provider downstream might read such a form differently from the check here.
/// </summary>
public static class EnvelopeAddress
{
    public const int MaxLength = 254;

    /// <summary>Null when the address is acceptable; otherwise why not, in the words of a reply
    /// an app's admin reads in their app's log (English: it goes out over SMTP).</summary>
    public static string? Check(string address)
    {
        if (address.Length == 0)
            return "the null sender <> is not accepted: send as one of the app's allowed senders";
        if (address.Length > MaxLength)
            return $"the address is longer than {MaxLength} characters";
        if (address.StartsWith('@'))
            return "source routes (@host:user@domain) are not accepted";
        if (address.StartsWith('"') || address.Contains('"'))
            return "quoted local parts are not accepted";
        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1)
            return "the address must have the form name@domain";
        var local = address.AsSpan(0, at);
        var domain = address.AsSpan(at + 1);
        if (local.IndexOfAny("%!@:") >= 0)
            return "'%', '!', ':' and a second '@' are not accepted in the part before @ (relay tricks)";
        if (local.Length > 64 || local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal))
            return "the part before @ is not a valid dot-atom";
        foreach (var c in local)
        {
            if (!IsAtomChar(c) && c != '.')
                return c > 127
                    ? "non-ASCII addresses (SMTPUTF8) are not supported by this relay"
                    : $"the character '{c}' is not accepted in the part before @";
        }
        return IsHostName(domain) ? null : "the domain after @ is not a valid host name (IP literals are not accepted)";
    }

    private static bool IsAtomChar(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9'
            or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '/' or '=' or '?' or '^' or '_' or '`' or '{' or '|' or '}' or '~';

    private static bool IsHostName(ReadOnlySpan<char> domain)
    {
        if (domain.Length is 0 or > 253 || domain[^1] == '.')
            return false;
        var labels = 0;
        foreach (var range in domain.Split('.'))
        {
            var label = domain[range];
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
                return false;
            foreach (var c in label)
            {
                if (!(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '-'))
                    return false;
            }
            labels++;
        }
        return labels >= 2;
    }
}
