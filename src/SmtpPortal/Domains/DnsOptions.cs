using System.ComponentModel.DataAnnotations;
using System.Net;

namespace SmtpPortal.Domains;

/// <summary>The <c>SmtpPortal:Dns</c> section: where the portal asks the DNS about a domain's
/// mail servers and its SPF, DKIM and DMARC records.</summary>
public sealed class DnsOptions : IValidatableObject
{
    public const string Section = "SmtpPortal:Dns";

    /// <summary>False turns every lookup off: the address detector then knows only the presets'
    /// domains (as before DNS detection existed) and the From-domain check says it is off.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>A resolver's IP address; empty uses the server's own resolvers (/etc/resolv.conf).</summary>
    public string? Server { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 53;

    /// <summary>One lookup ends within this, answered or not, so the form never waits on the DNS.</summary>
    [Range(100, 30000)]
    public int TimeoutMilliseconds { get; set; } = 2000;

    public TimeSpan Timeout => TimeSpan.FromMilliseconds(TimeoutMilliseconds);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(Server) && !IPAddress.TryParse(Server.Trim(), out _))
            yield return new ValidationResult($"'{Server}' is not an IP address: name the resolver by its address, e.g. 1.1.1.1.", [nameof(Server)]);
    }
}
