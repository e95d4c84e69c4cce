using System.ComponentModel.DataAnnotations;
using System.Net;

namespace SmtpPortal.Hosting;

/// <summary>The <c>SmtpPortal:ReverseProxy</c> section: which proxies may tell the portal the
/// client's address and scheme, and the sub-path the proxy publishes it under.</summary>
public sealed class ReverseProxyOptions : IValidatableObject
{
    public const string Section = "SmtpPortal:ReverseProxy";

    /// <summary>Addresses of proxies whose X-Forwarded-For/-Proto headers are believed, e.g. "172.17.0.1".</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of such proxies in CIDR form, e.g. "172.18.0.0/16".</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>Sub-path the portal lives under, e.g. "/smtp"; empty for the site root.</summary>
    public string PathBase { get; set; } = "";

    public bool TrustsAnyProxy => KnownProxies.Length > 0 || KnownNetworks.Length > 0;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var proxy in KnownProxies.Where(p => !IPAddress.TryParse(p, out _)))
            yield return new($"SmtpPortal:ReverseProxy:KnownProxies: '{proxy}' is not an IP address.", [nameof(KnownProxies)]);
        foreach (var network in KnownNetworks.Where(n => !IPNetwork.TryParse(n, out _)))
            yield return new($"SmtpPortal:ReverseProxy:KnownNetworks: '{network}' is not a network like 10.0.0.0/8.", [nameof(KnownNetworks)]);
        if (PathBase.Length > 0 && (!PathBase.StartsWith('/') || PathBase.EndsWith('/') || PathBase.Contains("//")))
            yield return new($"SmtpPortal:ReverseProxy:PathBase: '{PathBase}' must look like /smtp (leading slash, no trailing slash).", [nameof(PathBase)]);
    }
}
