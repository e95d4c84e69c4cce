namespace SmtpPortal.Relay;

/// <summary>The senders one app may use: exact addresses and whole domains (written
/// <c>@example.com</c>). Both the envelope MAIL FROM and every header From/Sender must match.</summary>
public sealed class SenderList
{
    public const int MaxEntries = 50;

    private SenderList(IReadOnlyList<string> entries) => Entries = entries;

    /// <summary>Lowercase, addresses as <c>name@domain</c>, domains as <c>@domain</c>.</summary>
    public IReadOnlyList<string> Entries { get; }

    public IEnumerable<string> Addresses => Entries.Where(e => !e.StartsWith('@'));
    public IEnumerable<string> Domains => Entries.Where(e => e.StartsWith('@')).Select(e => e[1..]);

    public bool Allows(string address)
    {
        var at = address.LastIndexOf('@');
        if (at <= 0)
            return false;
        var normalized = address.Trim().ToLowerInvariant();
        var domain = normalized[(at + 1)..];
        return Entries.Any(e => e == normalized || e == "@" + domain);
    }

    /// <summary>The stored form: one entry per line.</summary>
    public override string ToString() => string.Join('\n', Entries);

    /// <summary>Reads what an admin typed (entries separated by lines, commas or spaces; a bare
    /// domain means the whole domain).</summary>
    public static (SenderList? List, RelayProblem? Problem) Parse(string? text)
    {
        var parts = (text ?? "").Split(['\n', '\r', ',', ';', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
            return (null, new RelayProblem("SendersMissing"));
        if (parts.Length > MaxEntries)
            return (null, new RelayProblem("SendersTooMany", MaxEntries));
        var entries = new List<string>();
        foreach (var part in parts)
        {
            var entry = part.Trim().ToLowerInvariant();
            if (entry.StartsWith('<') && entry.EndsWith('>'))
                entry = entry[1..^1];
            var isDomain = !entry.Contains('@') || entry.StartsWith('@');
            var checkedForm = isDomain ? "postmaster@" + entry.TrimStart('@') : entry;
            if (EnvelopeAddress.Check(checkedForm) is not null)
                return (null, new RelayProblem(isDomain ? "SenderDomainInvalid" : "SenderAddressInvalid", part));
            var normalized = isDomain ? "@" + entry.TrimStart('@') : entry;
            if (!entries.Contains(normalized))
                entries.Add(normalized);
        }
        return (new SenderList(entries), null);
    }
}
