using System.Globalization;
using System.Resources;

namespace SmtpPortal.Relay;

/// <summary>Why a relay rule refused what an admin asked for: a key of the relay's string
/// resources and its arguments. The Relay page shows it in the admin's language; the API and the
/// command line, which speak English to scripts, use <see cref="English"/>.</summary>
public sealed record RelayProblem(string Key, params object[] Arguments)
{
    private static readonly ResourceManager Resources = new("SmtpPortal.Resources.Relay.RelayProblem", typeof(RelayProblem).Assembly);

    public string English => In(CultureInfo.InvariantCulture);

    public string In(CultureInfo culture) =>
        string.Format(culture, Resources.GetString(Key, culture) ?? Key, Arguments);

    public override string ToString() => English;
}
