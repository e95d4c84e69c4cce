using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace SmtpPortal.Hosting;

public static class ReverseProxyHostingExtensions
{
    public static WebApplicationBuilder AddReverseProxySupport(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ReverseProxyOptions>()
            .BindConfiguration(ReverseProxyOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<ForwardedHeadersOptions>()
            .Configure<IOptions<ReverseProxyOptions>>((forwarded, proxy) =>
            {
                forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
                // Only the proxies named in configuration; not even loopback by default, since
                // the per-address rate limits and the Secure cookie flag rest on these headers.
                forwarded.KnownProxies.Clear();
                forwarded.KnownIPNetworks.Clear();
                foreach (var address in proxy.Value.KnownProxies)
                    forwarded.KnownProxies.Add(IPAddress.Parse(address));
                foreach (var network in proxy.Value.KnownNetworks)
                    forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            });
        builder.Services.AddSingleton<UntrustedProxies>();
        return builder;
    }

    /// <summary>Believes X-Forwarded-For/-Proto from trusted proxies, warns about untrusted ones, and strips the configured path
    /// base; the caller routes afterwards (routing must come after the path base is taken off).</summary>
    public static WebApplication UseReverseProxySupport(this WebApplication app)
    {
        var proxy = app.Services.GetRequiredService<IOptions<ReverseProxyOptions>>().Value;
        if (proxy.TrustsAnyProxy)
            app.UseForwardedHeaders();
        app.Services.GetRequiredService<UntrustedProxies>().Watch(app);
        if (proxy.PathBase.Length > 0)
            app.UsePathBase(proxy.PathBase);
        return app;
    }
}
