using System.Net;

namespace SmtpPortal.Relay;

/// <summary>What the running relay currently works with, refreshed every few seconds by
/// <see cref="RelayListenerService"/>: the admin's switches, the limits that follow from the
/// configured provider, and where it actually listens.</summary>
public sealed record RelaySnapshot(
    bool Enabled,
    bool RecordSubjects,
    long MaxMessageBytes,
    int MaxRecipients,
    IReadOnlyList<IPEndPoint> Listening,
    string? ListenProblem)
{
    public static RelaySnapshot Off(long maxMessageBytes, int maxRecipients) => new(false, false, maxMessageBytes, maxRecipients, [], null);
}

/// <summary>Holds the current <see cref="RelaySnapshot"/>; sessions read it without a database round trip.</summary>
public sealed class RelayRuntime(Microsoft.Extensions.Options.IOptions<RelayOptions> options)
{
    private volatile RelaySnapshot _current = RelaySnapshot.Off(options.Value.MaxMessageBytes, options.Value.MaxRecipients);

    public RelaySnapshot Current
    {
        get => _current;
        internal set => _current = value;
    }
}
