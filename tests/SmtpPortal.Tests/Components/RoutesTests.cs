using Bunit;
using SmtpPortal.Components;
using SmtpPortal.History;
using SmtpPortal.Tests.TestSupport;

namespace SmtpPortal.Tests.Components;

public sealed class RoutesTests : PortalComponentContext
{
    [Fact]
    public void TheAddressOfThePageRequestIsKeptForTheCircuitsAuditEntries()
    {
        Render<Routes>(p => p.Add(r => r.RemoteAddress, "203.0.113.5"));

        Assert.Equal(new AuditActor("admin", "203.0.113.5"), Get<CircuitRemoteAddress>().For("admin"));
    }
}
